package io.jcompose.engine.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Bytes under a directory the way Docker counts a container's {@code SizeRw}: file and symlink sizes, each hard
 * link once. The walk goes from open directory to open directory ({@link SecureDirectoryStream}, openat without
 * following links): the directory is a running container's upper dir, where a process may swap a subdirectory for
 * a symlink to the host's / while it is walked.
 */
final class DiskUsage {
    private DiskUsage() {}

    static long of(Path dir) {
        try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new IllegalStateException("no SecureDirectoryStream on this platform");
            }
            return walk(secure, new HashSet<>());
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long walk(SecureDirectoryStream<Path> dir, Set<Object> seen) {
        long total = 0;
        for (Path entry : dir) {
            Path name = entry.getFileName();
            try {
                PosixFileAttributes a = dir.getFileAttributeView(name, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (a.isDirectory()) {
                    try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                        total += walk(sub, seen);
                    }
                } else if (a.isRegularFile() && (a.fileKey() == null || seen.add(a.fileKey())) || a.isSymbolicLink()) {
                    total += a.size();
                }
            } catch (IOException e) {
                // removed or replaced while walking (a symlink where a directory was): it no longer counts
            }
        }
        return total;
    }
}
