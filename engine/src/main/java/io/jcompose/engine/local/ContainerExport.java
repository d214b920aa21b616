package io.jcompose.engine.local;

import io.jcompose.runtime.image.OverlayMarks;
import io.jcompose.runtime.image.TreeTar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * {@code docker export}: a tar of the container's root file system as overlayfs merges it, built from the layer
 * directories themselves (the image's layers lowest first, then the container's upper directory) and never from
 * the mounted rootfs, so it works for stopped containers and never sees /proc, a bind mount, a volume or a tmpfs:
 * a mount point is the empty directory or file beneath it, as in Docker's export. Whiteouts (char device 0/0)
 * hide what is below them, an opaque directory ({@code trusted.overlay.opaque=y}) hides what lower layers hold in
 * it. Docker's init layer (/etc/hosts, /etc/hostname, /etc/resolv.conf, /.dockerenv, /dev/console as empty files,
 * /dev/pts, /dev/shm, /proc, /sys, the /etc/mtab link) is added where the image lacks those paths, as Docker's
 * export shows it. Entries are streamed in name order; hard links within one layer stay hard links.
 */
final class ContainerExport {
    /** Docker's init layer (daemon/initlayer): path to "dir", "file", or a symlink target. */
    static final Map<String, String> INIT_LAYER = Map.of("dev/pts", "dir", "dev/shm", "dir", "proc", "dir",
            "sys", "dir", ".dockerenv", "file", "etc/resolv.conf", "file", "etc/hosts", "file", "etc/hostname", "file",
            "dev/console", "file", "etc/mtab", "/proc/mounts");

    /** Files the runtime bind-mounts over, making them in the upper dir where the image lacks them. */
    private static final java.util.Set<String> RUNTIME_FILES = java.util.Set.of("etc/hosts", "etc/hostname",
            "etc/resolv.conf");

    /** One layer's version of a path: the file in that layer and its lstat attributes. */
    private record Found(int layer, Path file, Map<String, Object> attrs) {
        int type() {
            return TreeTar.type(attrs);
        }
    }

    private final List<Path> layers;
    private final Predicate<Path> whiteout;
    private final Predicate<Path> opaque;
    private final FileTime initTime;
    private final TreeTar tar;

    private ContainerExport(List<Path> topFirst, Predicate<Path> whiteout, Predicate<Path> opaque, Instant created,
                            OutputStream out) {
        this.layers = topFirst;
        this.whiteout = whiteout;
        this.opaque = opaque;
        this.initTime = TreeTar.seconds(FileTime.from(created));
        this.tar = new TreeTar(out);
    }

    /**
     * Writes the merged file system of {@code lowerDirs} (lowest first) and {@code upper} to {@code out} as a tar
     * (finished, not closed); {@code created} dates the init layer's entries.
     */
    static void write(List<Path> lowerDirs, Path upper, Instant created, OutputStream out) throws IOException {
        write(lowerDirs, upper, created, out, OverlayMarks::isWhiteout, OverlayMarks::isOpaque);
    }

    static void write(List<Path> lowerDirs, Path upper, Instant created, OutputStream out, Predicate<Path> whiteout,
                      Predicate<Path> opaque) throws IOException {
        List<Path> topFirst = new ArrayList<>();
        topFirst.add(upper);
        for (int i = lowerDirs.size() - 1; i >= 0; i--) {
            topFirst.add(lowerDirs.get(i));
        }
        ContainerExport export = new ContainerExport(topFirst, whiteout, opaque, created, out);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < topFirst.size(); i++) {
            if (Files.isDirectory(topFirst.get(i), LinkOption.NOFOLLOW_LINKS)) {
                all.add(i);
            }
        }
        export.directory("", all);
        export.tar.finish();
    }

    /**
     * Writes the children of directory {@code rel} ("" for the root, else "a/b/"), which is a directory in the
     * layers {@code stack} (indexes into {@link #layers}, top first): the topmost version of each name wins.
     */
    private void directory(String rel, List<Integer> stack) throws IOException {
        Map<String, List<Found>> byName = new TreeMap<>();
        for (int layer : stack) {
            Path dir = rel.isEmpty() ? layers.get(layer) : layers.get(layer).resolve(rel);
            for (String name : TreeTar.names(dir)) {
                Path p = dir.resolve(name);
                Map<String, Object> a = TreeTar.lstat(p);
                if (a != null) {
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Found(layer, p, a));
                }
            }
        }
        for (Map.Entry<String, String> init : INIT_LAYER.entrySet()) {
            String path = init.getKey();
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash + 1);
            if (parent.equals(rel)) {
                byName.putIfAbsent(path.substring(slash + 1), List.of());
            } else if (path.startsWith(rel) && path.indexOf('/', rel.length()) > 0) {
                byName.putIfAbsent(path.substring(rel.length(), path.indexOf('/', rel.length())), List.of());
            }
        }
        for (Map.Entry<String, List<Found>> e : byName.entrySet()) {
            entry(rel + e.getKey(), e.getValue());
        }
    }

    /** Writes {@code path} from its versions, top first (none: only Docker's init layer has it). */
    private void entry(String path, List<Found> versions) throws IOException {
        if (RUNTIME_FILES.contains(path)) {
            // the upper dir's copy is the mount point the runtime made (the container writes through the mount,
            // never to it): the image's file shows, or Docker's init-layer one (mode 0755)
            versions = versions.stream().filter(f -> f.layer() != 0).toList();
        }
        Found top = versions.isEmpty() ? null : versions.get(0);
        boolean initHas = INIT_LAYER.containsKey(path)
                || INIT_LAYER.keySet().stream().anyMatch(k -> k.startsWith(path + "/"));
        if (top != null && whiteout.test(top.file())) {
            // deleted in the container: gone even from the init layer; deleted in the image: the init layer adds it
            if (top.layer() == 0 || !initHas) {
                return;
            }
            top = null;
        }
        if (top == null) {
            if (!initHas) {
                return;
            }
            init(path);
            return;
        }
        if (top.type() != TreeTar.S_IFDIR) {
            tar.file(top.file(), path, top.attrs(), String.valueOf(top.layer()));
            return;
        }
        List<Integer> below = new ArrayList<>();
        for (Found f : versions) {
            if (f.type() != TreeTar.S_IFDIR || whiteout.test(f.file())) {
                break;
            }
            below.add(f.layer());
            if (opaque.test(f.file())) {
                break;
            }
        }
        tar.directory(path, top.attrs());
        directory(path + "/", below);
    }

    /** An init-layer path the layers lack: a directory, an empty file (mode 0755 as Docker makes them) or a link. */
    private void init(String path) throws IOException {
        String kind = INIT_LAYER.getOrDefault(path, "dir");
        TarArchiveEntry e;
        if (kind.equals("dir")) {
            e = new TarArchiveEntry(path + "/", TarConstants.LF_DIR);
            e.setMode(0755);
        } else if (kind.equals("file")) {
            e = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
            e.setMode(0755);
        } else {
            e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
            e.setLinkName(kind);
            e.setMode(0777);
        }
        e.setModTime(initTime);
        tar.put(e);
        if (kind.equals("dir")) {
            directory(path + "/", List.of());
        }
    }
}
