package io.jcompose.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path the way the container would see it, with root as "/": symlinks are
 * followed inside root only (an absolute target restarts at root, ".." stops at root), so
 * the result never leaves root. Callers keep the container frozen or stopped meanwhile.
 *
 * <p>The root of a running container is {@code /proc/<pid>/root}, a symlink to the directory the
 * container sees as "/". A path naming the root itself resolves to {@code root/.}, so that
 * no-follow checks and walks see that directory rather than the link: following this one link is
 * what the container itself does for "/", and every component below it is still checked.
 */
final class InRootPath {
    private static final int MAX_LINKS = 40;

    private InRootPath() {}

    /**
     * The host path of {@code containerPath} below root.
     *
     * @param followLast follow a symlink in the last component too
     */
    static Path resolve(Path root, String containerPath, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(containerPath));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            boolean last = todo.isEmpty();
            if (Files.isSymbolicLink(candidate) && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links in " + containerPath);
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> t = split(target);
                for (int i = t.size() - 1; i >= 0; i--) {
                    todo.addFirst(t.get(i));
                }
                continue;
            }
            done.add(part);
        }
        Path result = done.isEmpty() ? root.resolve(".") : join(root, done);
        if (!result.normalize().startsWith(root.normalize())) {
            throw new IOException("path " + containerPath + " escapes the container");
        }
        return result;
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return parts;
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
