package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Path arithmetic inside a rootfs directory, as if it were {@code /}: names are cleaned
 * lexically, symlinks met on the way are followed with their targets read relative to the
 * rootfs (an absolute target starts again at the rootfs, {@code ..} stops at it), so no
 * resolved path can leave the directory. Only the extracting thread writes the directory, so a
 * checked component cannot change before it is used.
 */
public final class RootfsPath {

    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path root;

    public RootfsPath(Path root) {
        this.root = root;
    }

    /**
     * The components of an archive entry name after cleaning: a leading {@code /} and
     * {@code .} parts are dropped, {@code ..} removes the part before it; empty if the name is
     * the root; empty Optional if a {@code ..} would climb above the root.
     */
    public static Optional<List<String>> clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return Optional.of(parts);
    }

    /**
     * The host directory for the rootfs directory {@code parts}, following symlinks inside the
     * rootfs; missing directories are created (mode 0755) when {@code create}, otherwise
     * reported. A component that is neither directory nor symlink is an error.
     */
    public Path directory(List<String> parts, boolean create, String entry) throws IOException {
        Deque<String> todo = new ArrayDeque<>(parts);
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path p = host(done).resolve(part);
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                if (!create) {
                    throw new ImageException(Reason.INVALID, "entry \"" + entry + "\": /" + String.join("/", done)
                            + (done.isEmpty() ? "" : "/") + part + " does not exist");
                }
                Files.createDirectory(p);
                done.add(part);
            } else if (a.isSymbolicLink()) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new ImageException(Reason.INVALID, "entry \"" + entry + "\": too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    todo.addFirst(targetParts[i]);
                }
            } else if (a.isDirectory()) {
                done.add(part);
            } else {
                throw new ImageException(Reason.INVALID, "entry \"" + entry + "\": /" + String.join("/", done)
                        + (done.isEmpty() ? "" : "/") + part + " is not a directory");
            }
        }
        return host(done);
    }

    /**
     * Whether {@code p} (a path under the root) is a directory reached through directories
     * only: no component from the root down, {@code p} included, is a symlink.
     */
    public boolean isRealDirectory(Path p) throws IOException {
        Path rel = root.relativize(p);
        Path cur = root;
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                return false;
            }
            cur = cur.resolve(part);
            BasicFileAttributes a = lstat(cur);
            if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                return false;
            }
        }
        return true;
    }

    /** The attributes of {@code p} itself (not a symlink's target), or null if absent. */
    public static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private Path host(List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
