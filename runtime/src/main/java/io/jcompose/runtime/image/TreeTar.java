package io.jcompose.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar of files read from a directory tree, as Docker's archive package writes them: each entry keeps its type,
 * mode, owner and mtime (whole seconds, no PAX time records), long names and big numbers as PAX headers, sockets
 * are skipped, and files that share an inode within one {@code scope} (a layer) become hard links to the first.
 * A file that changes while it is read still gets exactly the size its header says. What goes in, and under which
 * name, is the caller's choice ({@code docker commit}'s layer, {@code docker export}).
 */
public final class TreeTar {
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    private final TarArchiveOutputStream tar;
    private final Map<String, String> linked = new HashMap<>();

    public TreeTar(OutputStream out) {
        tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** The lstat attributes the entries need, or null when {@code p} is gone. */
    public static Map<String, Object> lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, "unix:mode,uid,gid,size,rdev,nlink,dev,ino,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** The file type bits of {@link #lstat} attributes. */
    public static int type(Map<String, Object> attrs) {
        return (Integer) attrs.get("mode") & S_IFMT;
    }

    /** The names in {@code dir}, sorted; none when it is gone or not a directory. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return List.of();
        }
    }

    /** A header named {@code name} with the mode bits, owner and mtime of {@code attrs}. */
    public static TarArchiveEntry header(String name, byte type, Map<String, Object> attrs) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode((Integer) attrs.get("mode") & 07777);
        e.setUserId(((Number) attrs.get("uid")).longValue());
        e.setGroupId(((Number) attrs.get("gid")).longValue());
        e.setModTime(seconds((FileTime) attrs.get("lastModifiedTime")));
        return e;
    }

    /** {@code t} cut to whole seconds. */
    public static FileTime seconds(FileTime t) {
        return FileTime.from(t.to(TimeUnit.SECONDS), TimeUnit.SECONDS);
    }

    /** An entry without content (a directory, a whiteout, an init-layer path). */
    public void put(TarArchiveEntry e) throws IOException {
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** The directory entry {@code name}/ with the attributes of {@code attrs}. */
    public void directory(String name, Map<String, Object> attrs) throws IOException {
        put(header(name + "/", TarConstants.LF_DIR, attrs));
    }

    /**
     * The entry {@code name} for the non-directory {@code file} with its {@link #lstat} {@code attrs}: a regular
     * file (or a hard link to an earlier one of the same {@code scope}), a symlink, a device node or a FIFO.
     */
    public void file(Path file, String name, Map<String, Object> attrs, String scope) throws IOException {
        switch (type(attrs)) {
            case S_IFREG -> regular(file, name, attrs, scope);
            case S_IFLNK -> {
                TarArchiveEntry e = header(name, TarConstants.LF_SYMLINK, attrs);
                e.setLinkName(Files.readSymbolicLink(file).toString());
                put(e);
            }
            case S_IFCHR, S_IFBLK -> {
                TarArchiveEntry e = header(name, type(attrs) == S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK,
                        attrs);
                long rdev = (Long) attrs.get("rdev");
                e.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
                e.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
                put(e);
            }
            case S_IFIFO -> put(header(name, TarConstants.LF_FIFO, attrs));
            default -> {
                // sockets: Docker's archive skips them too
            }
        }
    }

    private void regular(Path file, String name, Map<String, Object> attrs, String scope) throws IOException {
        if ((Integer) attrs.get("nlink") > 1) {
            String first = linked.putIfAbsent(scope + ":" + attrs.get("dev") + ":" + attrs.get("ino"), name);
            if (first != null) {
                TarArchiveEntry e = header(name, TarConstants.LF_LINK, attrs);
                e.setLinkName(first);
                put(e);
                return;
            }
        }
        TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, attrs);
        long size = (Long) attrs.get("size");
        e.setSize(size);
        tar.putArchiveEntry(e);
        long left = size;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
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

    /** Ends the archive (the stream stays open). */
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }
}
