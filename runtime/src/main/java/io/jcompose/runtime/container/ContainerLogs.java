package io.jcompose.runtime.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Reads a container's json-lines log (the shim writes {@code log.json}, rotating it to
 * {@code log.json.1}, {@code .2}, ...): all of it, filtered, or following new records.
 */
public final class ContainerLogs {
    private static final Duration POLL = Duration.ofMillis(50);
    private final Path log;
    private final BooleanSupplier running;

    ContainerLogs(Path log, BooleanSupplier running) {
        this.log = log;
        this.running = running;
    }

    /** The matching records of the existing log, oldest first. */
    public List<LogEntry> read(LogQuery q) {
        return snapshot(q, new long[1]);
    }

    /** Reads rotated files and the complete lines of the current one; pos[0] = bytes read of it. */
    private List<LogEntry> snapshot(LogQuery q, long[] pos) {
        Deque<LogEntry> out = new ArrayDeque<>();
        List<Path> files = files();
        for (Path f : files.subList(0, files.size() - 1)) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    add(out, parse(line), q);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // rotated away meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        pos[0] = readFrom(0, e -> {
            add(out, e, q);
            return true;
        });
        return List.copyOf(out);
    }

    private static void add(Deque<LogEntry> out, LogEntry e, LogQuery q) {
        if (e == null || !q.matches(e)) {
            return;
        }
        out.addLast(e);
        if (q.tail().isPresent() && out.size() > q.tail().getAsInt()) {
            out.removeFirst();
        }
    }

    /**
     * Sends the matching existing records and then new ones to sink until the container has
     * stopped and everything is read, or sink returns false.
     */
    public void follow(LogQuery q, Predicate<LogEntry> sink) {
        long[] start = new long[1];
        for (LogEntry e : snapshot(q, start)) {
            if (!sink.test(e)) {
                return;
            }
        }
        LogQuery rest = new LogQuery(q.stdout(), q.stderr(), q.since(), q.until(), java.util.OptionalInt.empty());
        long pos = start[0];
        boolean[] stop = new boolean[1];
        for (;;) {
            boolean stillRunning = running.getAsBoolean();
            long size = size();
            if (size < pos) {
                pos = 0; // rotated: the current file is new
            }
            if (size > pos) {
                long before = pos;
                pos = readFrom(pos, e -> {
                    if (rest.matches(e) && !sink.test(e)) {
                        stop[0] = true;
                        return false;
                    }
                    return true;
                });
                if (stop[0]) {
                    return;
                }
                if (pos > before) {
                    continue;
                }
            }
            if (!stillRunning) {
                return;
            }
            ContainerRuntime.sleep(POLL);
        }
    }

    /** Parses the complete lines of the current file from offset; returns the offset after them. */
    private long readFrom(long offset, Predicate<LogEntry> each) {
        long size = size();
        if (size <= offset) {
            return offset;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(offset);
            byte[] buf = new byte[(int) Math.min(size - offset, 64 << 20)];
            f.readFully(buf);
            int end = lastNewline(buf);
            for (String line : new String(buf, 0, end, StandardCharsets.UTF_8).split("\n")) {
                LogEntry e = parse(line);
                if (e != null && !each.test(e)) {
                    break;
                }
            }
            return offset + end;
        } catch (java.io.FileNotFoundException e) {
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lastNewline(byte[] buf) {
        for (int i = buf.length - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private long size() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Oldest first: log.json.N ... log.json.1, log.json. */
    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (int i = 1; Files.exists(log.resolveSibling(log.getFileName() + "." + i)); i++) {
            files.add(0, log.resolveSibling(log.getFileName() + "." + i));
        }
        files.add(log);
        return files;
    }

    private static LogEntry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.state().readTree(line);
            return new LogEntry(n.path("stream").asText(), Instant.parse(n.path("time").asText()), n.path("log").asText());
        } catch (IOException | RuntimeException e) {
            return null; // a torn last line after a crash
        }
    }
}
