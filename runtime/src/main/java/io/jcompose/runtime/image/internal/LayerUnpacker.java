package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.StoreLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer tar into an empty snapshot directory. This is hostile-input code: entry
 * names are cleaned and may not climb out ({@code ../x} is rejected, {@code /x} means
 * {@code x}); parent directories are resolved through {@link RootfsPath}, so symlinks, also
 * chains and ones made earlier in the same layer, resolve inside the snapshot; the last
 * component is never followed; hard links must name an entry inside the snapshot. Whiteouts
 * become overlayfs whiteouts (char device 0/0) and opaque markers the
 * {@code trusted.overlay.opaque=y} xattr. Device nodes are made only when privileged, owners
 * only set when privileged; modes (with setuid bits), mtimes and {@code user.*} xattrs are kept.
 */
public final class LayerUnpacker {

    /** What an unpack produced: bytes of file content, entry count, and notes on skipped entries. */
    public record Result(long size, long entries, List<String> notes) {}

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_NAME = 4096;

    private record DirMeta(Path path, TarArchiveEntry entry) {}

    private final NativeFs fs;
    private final StoreLimits limits;

    public LayerUnpacker(NativeFs fs, StoreLimits limits) {
        this.fs = fs;
        this.limits = limits;
    }

    /** Unpacks {@code tar} into {@code root}; {@code layer} names the layer in errors. */
    public Result unpack(InputStream tar, Path root, String layer) throws IOException {
        RootfsPath rootfs = new RootfsPath(root);
        List<DirMeta> dirs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long size = 0;
        long count = 0;
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (++count > limits.maxLayerEntries()) {
                throw new ImageException(Reason.TOO_LARGE, "layer " + layer + " has more than "
                        + limits.maxLayerEntries() + " entries");
            }
            String name = e.getName();
            if (name.length() > MAX_NAME || name.indexOf('\0') >= 0) {
                throw invalid(layer, name, "name is too long or contains NUL");
            }
            List<String> parts = RootfsPath.clean(name)
                    .orElseThrow(() -> invalid(layer, name, "escapes the layer root"));
            if (parts.isEmpty()) {
                continue; // the root itself: the snapshot directory keeps its own mode
            }
            String base = parts.get(parts.size() - 1);
            List<String> parentParts = parts.subList(0, parts.size() - 1);
            if (base.startsWith(WHITEOUT)) {
                whiteout(rootfs, parentParts, base, layer, name);
                continue;
            }
            Path parent = rootfs.directory(parentParts, true, name);
            Path p = parent.resolve(base);
            if (e.isDirectory()) {
                BasicFileAttributes a = RootfsPath.lstat(p);
                if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                    removeExisting(p);
                    Files.createDirectory(p);
                }
                dirs.add(new DirMeta(p, e));
                xattrs(p, e, notes);
            } else if (e.isSymbolicLink()) {
                removeExisting(p);
                Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                owner(p, e);
                mtime(p, e);
            } else if (e.isLink()) {
                hardlink(rootfs, p, e, layer);
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                if (!fs.privileged()) {
                    notes.add("skipped device node /" + String.join("/", parts) + " (not running as root)");
                    continue;
                }
                removeExisting(p);
                fs.mknod(p, e.isCharacterDevice() ? 'c' : 'b', e.getMode(), e.getDevMajor(), e.getDevMinor());
                metadata(p, e, notes);
            } else if (e.isFIFO()) {
                removeExisting(p);
                fs.mknod(p, 'p', e.getMode(), 0, 0);
                metadata(p, e, notes);
            } else if (isRegular(e)) {
                removeExisting(p);
                try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    size += in.transferTo(out);
                }
                metadata(p, e, notes);
            } else {
                notes.add("skipped /" + String.join("/", parts) + ": unsupported tar entry type '"
                        + (char) e.getLinkFlag() + "'");
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            DirMeta d = dirs.get(i);
            if (!rootfs.isRealDirectory(d.path())) {
                continue; // replaced later in the layer, maybe by a symlink: never touch what it points at
            }
            owner(d.path(), d.entry());
            fs.chmod(d.path(), d.entry().getMode());
            mtime(d.path(), d.entry());
        }
        return new Result(size, count, List.copyOf(notes));
    }

    private void whiteout(RootfsPath rootfs, List<String> parentParts, String base, String layer, String name)
            throws IOException {
        if (!fs.privileged()) {
            throw new ImageException(Reason.HOST, "layer " + layer + ": whiteout \"" + name
                    + "\" needs root (overlayfs whiteouts are device nodes)");
        }
        Path parent = rootfs.directory(parentParts, true, name);
        if (base.equals(OPAQUE)) {
            fs.setXattr(parent, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        } else if (!base.startsWith(WHITEOUT + WHITEOUT)) { // .wh..wh.* other than opq: AUFS bookkeeping
            String target = base.substring(WHITEOUT.length());
            if (target.isEmpty() || target.equals(".") || target.equals("..")) {
                throw invalid(layer, name, "is not a valid whiteout");
            }
            Path p = parent.resolve(target);
            removeExisting(p);
            fs.mknod(p, 'c', 0, 0, 0);
        }
    }

    private void hardlink(RootfsPath rootfs, Path link, TarArchiveEntry e, String layer) throws IOException {
        List<String> target = RootfsPath.clean(e.getLinkName())
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> invalid(layer, e.getName(), "hard link to \"" + e.getLinkName() + "\" escapes the layer root"));
        Path dir;
        try {
            dir = rootfs.directory(target.subList(0, target.size() - 1), false, e.getName());
        } catch (ImageException missing) {
            throw invalid(layer, e.getName(), "hard link target \"" + e.getLinkName() + "\" is not in this layer");
        }
        Path existing = dir.resolve(target.get(target.size() - 1));
        BasicFileAttributes a = RootfsPath.lstat(existing);
        if (a == null || a.isDirectory()) {
            throw invalid(layer, e.getName(), "hard link target \"" + e.getLinkName() + "\" is not a file of this layer");
        }
        if (existing.equals(link)) {
            return;
        }
        removeExisting(link);
        Files.createLink(link, existing);
    }

    private void metadata(Path p, TarArchiveEntry e, List<String> notes) throws IOException {
        owner(p, e); // before chmod: chown clears setuid and setgid bits
        fs.chmod(p, e.getMode());
        xattrs(p, e, notes);
        mtime(p, e);
    }

    private void owner(Path p, TarArchiveEntry e) {
        if (fs.privileged()) {
            fs.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
        }
    }

    private static void mtime(Path p, TarArchiveEntry e) throws IOException {
        FileTime t = FileTime.fromMillis(e.getModTime().getTime());
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
    }

    private void xattrs(Path p, TarArchiveEntry e, List<String> notes) {
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (!h.getKey().startsWith("SCHILY.xattr.")) {
                continue;
            }
            String name = h.getKey().substring("SCHILY.xattr.".length());
            boolean allowed = name.startsWith("user.") || (name.equals("security.capability") && fs.privileged());
            if (!allowed || h.getValue().indexOf('\uFFFD') >= 0) {
                notes.add("skipped xattr " + name + " on " + e.getName());
                continue;
            }
            try {
                fs.setXattr(p, name, h.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (NativeFsException failed) {
                notes.add("could not set xattr " + name + " on " + e.getName() + ": " + failed.getMessage());
            }
        }
    }

    /** Deletes whatever is at {@code p} (a symlink itself, never its target; a directory with its content). */
    static void removeExisting(Path p) throws IOException {
        BasicFileAttributes a = RootfsPath.lstat(p);
        if (a == null) {
            return;
        }
        if (!a.isDirectory() || a.isSymbolicLink()) {
            Files.delete(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Regular file data: types '0', NUL (old tar), '7' (contiguous) and GNU sparse 'S'. */
    private static boolean isRegular(TarArchiveEntry e) {
        byte t = e.getLinkFlag();
        return t == '0' || t == 0 || t == '7' || t == 'S';
    }

    private static ImageException invalid(String layer, String name, String why) {
        return new ImageException(Reason.INVALID, "layer " + layer + ": entry \"" + name + "\" " + why);
    }
}
