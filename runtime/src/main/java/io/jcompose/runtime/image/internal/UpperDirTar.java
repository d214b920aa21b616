package io.jcompose.runtime.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An overlayfs upper directory as an OCI layer tar, as moby's overlay whiteout converter writes it: a whiteout
 * (char device 0/0) becomes an empty {@code .wh.NAME} file (mode 0600), an opaque directory
 * ({@code trusted.overlay.opaque=y}) is followed by its {@code .wh..wh..opq} marker; everything else keeps its type,
 * mode, owner and mtime (whole seconds); hard links within the directory stay hard links. Names are relative
 * without a leading slash, in name order. Paths in {@code excluded} (relative, for example {@code etc/hosts})
 * are left out with everything beneath them: mount points the runtime made, which Docker keeps in its init layer.
 */
public final class UpperDirTar {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Predicate<Path> whiteout;
    private final Predicate<Path> opaque;
    private final Set<String> excluded;
    private final Map<String, String> linked = new HashMap<>();
    private TarArchiveOutputStream tar;

    /** A writer that tells whiteouts and opaque directories by the given tests (unit tests mark them by path). */
    public UpperDirTar(Predicate<Path> whiteout, Predicate<Path> opaque, Set<String> excluded) {
        this.whiteout = whiteout;
        this.opaque = opaque;
        this.excluded = Set.copyOf(excluded);
    }

    /** A writer that reads overlayfs's own marks through {@code fs}. */
    public static UpperDirTar overlay(NativeFs fs, Set<String> excluded) {
        return new UpperDirTar(p -> isOverlayWhiteout(fs, p), p -> fs.getXattr(p, "trusted.overlay.opaque")
                .map(v -> Arrays.equals(v, "y".getBytes(StandardCharsets.US_ASCII))).orElse(false), excluded);
    }

    private static boolean isOverlayWhiteout(NativeFs fs, Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) != S_IFCHR) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        int[] dev = fs.deviceNumbers(p);
        return dev[0] == 0 && dev[1] == 0;
    }

    /** Writes the layer tar of {@code upper} to {@code out} (finished, not closed). */
    public void write(Path upper, OutputStream out) throws IOException {
        tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(upper, "");
        tar.finish();
        tar.flush();
    }

    private void directory(Path upper, String rel) throws IOException {
        Path dir = rel.isEmpty() ? upper : upper.resolve(rel);
        for (String name : names(dir)) {
            String path = rel + name;
            if (excluded.contains(path)) {
                continue;
            }
            Path p = dir.resolve(name);
            Map<String, Object> a = lstat(p);
            if (a == null) {
                continue;
            }
            int type = (Integer) a.get("mode") & S_IFMT;
            if (whiteout.test(p)) {
                TarArchiveEntry e = header(rel + WHITEOUT + name, TarConstants.LF_NORMAL, a);
                e.setMode(0600);
                put(e);
            } else if (type == S_IFDIR) {
                put(header(path + "/", TarConstants.LF_DIR, a));
                if (opaque.test(p)) {
                    TarArchiveEntry e = header(path + "/" + OPAQUE, TarConstants.LF_NORMAL, a);
                    e.setMode((Integer) a.get("mode") & 0777);
                    put(e);
                }
                directory(upper, path + "/");
            } else {
                file(p, path, type, a);
            }
        }
    }

    private void file(Path p, String path, int type, Map<String, Object> a) throws IOException {
        switch (type) {
            case S_IFREG -> regular(p, path, a);
            case S_IFLNK -> {
                TarArchiveEntry e = header(path, TarConstants.LF_SYMLINK, a);
                e.setLinkName(Files.readSymbolicLink(p).toString());
                put(e);
            }
            case S_IFCHR, S_IFBLK -> {
                TarArchiveEntry e = header(path, type == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, a);
                long rdev = (Long) a.get("rdev");
                e.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
                e.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
                put(e);
            }
            case S_IFIFO -> put(header(path, TarConstants.LF_FIFO, a));
            default -> {
                // sockets: moby's archive skips them too
            }
        }
    }

    private void regular(Path p, String path, Map<String, Object> a) throws IOException {
        if ((Integer) a.get("nlink") > 1) {
            String first = linked.putIfAbsent(a.get("dev") + ":" + a.get("ino"), path);
            if (first != null) {
                TarArchiveEntry e = header(path, TarConstants.LF_LINK, a);
                e.setLinkName(first);
                put(e);
                return;
            }
        }
        TarArchiveEntry e = header(path, TarConstants.LF_NORMAL, a);
        long size = (Long) a.get("size");
        e.setSize(size);
        tar.putArchiveEntry(e);
        // a running container may change the file meanwhile: exactly the size in the header goes out
        long left = size;
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                tar.write(buf, 0, n);
                left -= n;
            }
        } catch (NoSuchFileException gone) {
            // deleted since it was listed: zeros keep the archive whole
        }
        byte[] zeros = new byte[8192];
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            tar.write(zeros, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    private void put(TarArchiveEntry e) throws IOException {
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry header(String name, byte type, Map<String, Object> a) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode((Integer) a.get("mode") & 07777);
        e.setUserId(((Number) a.get("uid")).longValue());
        e.setGroupId(((Number) a.get("gid")).longValue());
        long secs = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS);
        e.setModTime(FileTime.from(secs, TimeUnit.SECONDS));
        return e;
    }

    private static Map<String, Object> lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode,uid,gid,size,rdev,nlink,dev,ino,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException gone) {
            return List.of();
        }
    }
}
