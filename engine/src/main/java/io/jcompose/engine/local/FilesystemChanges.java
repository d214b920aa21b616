package io.jcompose.engine.local;

import io.jcompose.runtime.image.OverlayMarks;
import io.jcompose.engine.api.ContainerChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code docker diff}: the container's overlay upper directory compared with the image's layers, as moby's
 * OverlayChanges does it. A whiteout is a deletion; an opaque directory that the image has is a deletion too
 * (its old content is gone; what it holds now follows as additions); a path the image has is a modification,
 * except a directory whose mode and owner are unchanged; the parent of an addition or deletion counts as
 * modified. Paths Docker keeps in its init layer (mount points of /etc/hosts, /proc, ...) are left out.
 */
final class FilesystemChanges {
    /** What Docker's init layer holds, so its diff never shows them. */
    private static final Set<String> INIT_PATHS = Set.of("/dev", "/proc", "/sys", "/.dockerenv", "/etc/hosts",
            "/etc/hostname", "/etc/resolv.conf", "/etc/mtab");

    private final List<Path> lowerDirs;
    private final Predicate<Path> whiteout;
    private final Predicate<Path> opaque;
    private final List<ContainerChange> changes = new ArrayList<>();
    private final Set<String> changedDirs = new HashSet<>();

    FilesystemChanges(List<Path> lowerDirs, Predicate<Path> whiteout, Predicate<Path> opaque) {
        this.lowerDirs = List.copyOf(lowerDirs);
        this.whiteout = whiteout;
        this.opaque = opaque;
    }

    /** The changes of the upper directory {@code upper} over {@code lowerDirs} (lowest first). */
    static List<ContainerChange> of(List<Path> lowerDirs, Path upper) {
        return new FilesystemChanges(lowerDirs, OverlayMarks::isWhiteout, OverlayMarks::isOpaque).walk(upper);
    }

    List<ContainerChange> walk(Path upper) {
        if (Files.isDirectory(upper)) {
            visit(upper, "");
        }
        return List.copyOf(changes);
    }

    private void visit(Path upper, String dir) {
        for (String name : sortedNames(upper.resolve(dir.isEmpty() ? "." : dir.substring(1)))) {
            String path = dir + "/" + name;
            if (INIT_PATHS.contains(path)) {
                continue;
            }
            Path p = upper.resolve(path.substring(1));
            boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            Optional<Path> below = lower(path);
            Optional<Integer> kind;
            if (whiteout.test(p) || (isDir && opaque.test(p) && below.isPresent())) {
                kind = Optional.of(ContainerChange.DELETED);
            } else if (below.isEmpty()) {
                kind = Optional.of(ContainerChange.ADDED);
            } else if (isDir && sameDirectory(p, below.get())) {
                kind = Optional.empty();
            } else {
                kind = Optional.of(ContainerChange.MODIFIED);
            }
            kind.ifPresent(k -> record(dir, path, k, isDir));
            if (isDir && !whiteout.test(p)) {
                visit(upper, path);
            }
        }
    }

    private void record(String parent, String path, int kind, boolean isDir) {
        if (kind != ContainerChange.MODIFIED && !parent.isEmpty() && changedDirs.add(parent)) {
            changes.add(new ContainerChange(parent, ContainerChange.MODIFIED));
        }
        changes.add(new ContainerChange(path, kind));
        if (isDir) {
            changedDirs.add(path);
        }
    }

    /**
     * {@code path} as the image shows it: in the topmost layer that has it, unless a whiteout or an opaque
     * directory in a layer above hides it.
     */
    private Optional<Path> lower(String path) {
        for (int i = lowerDirs.size() - 1; i >= 0; i--) {
            Path base = lowerDirs.get(i);
            Path p = base.resolve(path.substring(1));
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return whiteout.test(p) ? Optional.empty() : Optional.of(p);
            }
            if (hiddenBelow(base, path)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether an ancestor of {@code path} in this layer is a whiteout, a file, or an opaque directory. */
    private boolean hiddenBelow(Path base, String path) {
        Path rel = Path.of(path.substring(1)).getParent();
        for (int n = 1; rel != null && n <= rel.getNameCount(); n++) {
            Path a = base.resolve(rel.subpath(0, n));
            if (!Files.exists(a, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            if (!Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS) || opaque.test(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameDirectory(Path upper, Path lower) {
        if (!Files.isDirectory(lower, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return attrs(upper).equals(attrs(lower));
    }

    /** Mode (type and permissions) and owner: what makes a directory differ for diff's purposes. */
    private static Map<String, Object> attrs(Path p) {
        try {
            return Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> sortedNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
