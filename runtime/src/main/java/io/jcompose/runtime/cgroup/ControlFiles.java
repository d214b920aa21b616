package io.jcompose.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads and writes cgroup control files, turning I/O errors into {@link CgroupException}s. */
final class ControlFiles {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]*");

    private ControlFiles() {}

    /** Checks that {@code name} is a relative group path like "jcompose/abc" with no "..". */
    static void checkName(String name) {
        if (name.isEmpty() || name.length() > 512) {
            throw new IllegalArgumentException("invalid cgroup name: \"" + name + "\"");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid cgroup name: \"" + name + "\"");
            }
        }
    }

    static String read(String group, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "reading " + file.getFileName() + " failed: " + reason(e), e);
        }
    }

    static Optional<String> readIfExists(String group, Path file) {
        return Files.isRegularFile(file) ? Optional.of(read(group, file)) : Optional.empty();
    }

    /** A number file, "max" counting as empty; 0 when the file does not exist. */
    static long readLong(String group, Path file) {
        return readIfExists(group, file).map(ControlFiles::parseLimit).orElse(OptionalLong.empty()).orElse(0);
    }

    static OptionalLong parseLimit(String value) {
        return "max".equals(value) || value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    /** A flat-keyed file ("key value" per line, as memory.stat, cpu.stat, memory.events); empty if absent. */
    static Map<String, Long> readKeyed(String group, Path file) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : readIfExists(group, file).orElse("").split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[1].matches("-?\\d+")) {
                values.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return values;
    }

    /** Pids listed in a cgroup.procs file; empty when absent. */
    static List<Integer> readPids(String group, Path file) {
        List<Integer> pids = new ArrayList<>();
        for (String line : readIfExists(group, file).orElse("").split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    static void write(String group, Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "writing " + file.getFileName() + " = \"" + value
                    + "\" failed: " + reason(e), e);
        }
    }

    static void mkdir(String group, Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // a concurrent create of a shared parent ("jcompose") is fine
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "creating " + dir + " failed: " + reason(e), e);
        }
    }

    /** Removes {@code dir} and its child groups, deepest first; an absent directory is fine. */
    static void rmdirTree(String group, Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
            dirs = walk.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "listing " + dir + " failed: " + reason(e), e);
        }
        for (Path d : dirs) {
            rmdir(group, d);
        }
    }

    private static void rmdir(String group, Path dir) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (java.nio.file.FileSystemException e) {
                    // the last tasks of a just-killed group leave it a moment after they die
                    if (attempt >= 20 || e instanceof DirectoryNotEmptyException || !"Device or resource busy".equals(e.getReason())) {
                        throw e;
                    }
                    pause(5);
                }
            }
        } catch (DirectoryNotEmptyException e) {
            // cgroupfs answers EBUSY, never ENOTEMPTY: this is a plain directory tree (a file-tree
            // fixture), whose control files are ordinary files that must go first
            deleteFiles(group, dir);
            rmdir(group, dir);
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "removing " + dir + " failed: " + reason(e), e);
        }
    }

    private static void deleteFiles(String group, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new CgroupException(prefix(group) + "removing " + dir + " failed: " + reason(e), e);
        }
    }

    /** The names listed in a space-separated list file such as cgroup.controllers. */
    static TreeSet<String> readWords(String group, Path file) {
        TreeSet<String> words = new TreeSet<>();
        for (String w : readIfExists(group, file).orElse("").split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for the cgroup", e);
        }
    }

    private static String prefix(String group) {
        return "cgroup \"" + group + "\": ";
    }

    /** The kernel's text for the failure ("Device or resource busy"), without the JDK's path decoration. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        return String.valueOf(e.getMessage());
    }
}
