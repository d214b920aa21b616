package io.jcompose.runtime.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import jnr.ffi.LibraryLoader;

/**
 * How overlayfs marks deletions in a layer (see the kernel's Documentation/filesystems/overlayfs.rst):
 * a whiteout is a character device 0/0, an opaque directory carries {@code trusted.overlay.opaque=y}.
 */
public final class OverlayMarks {
    /** lgetxattr(2), which Java lacks for the {@code trusted.} namespace. */
    public interface LibC {
        long lgetxattr(String path, String name, byte[] value, long size);
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static volatile LibC libc;

    private OverlayMarks() {}

    /** Whether {@code p} (not followed) is a whiteout. */
    public static boolean isWhiteout(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) a.get("mode") & S_IFMT) == S_IFCHR && (Long) a.get("rdev") == 0L;
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the directory {@code dir} (not followed) is opaque: it hides what the layers below hold there. */
    public static boolean isOpaque(Path dir) {
        byte[] value = new byte[1];
        long n = libc().lgetxattr(dir.toString(), "trusted.overlay.opaque", value, value.length);
        return n == 1 && value[0] == "y".getBytes(StandardCharsets.US_ASCII)[0];
    }

    private static LibC libc() {
        if (libc == null) {
            libc = LibraryLoader.create(LibC.class).load("c");
        }
        return libc;
    }
}
