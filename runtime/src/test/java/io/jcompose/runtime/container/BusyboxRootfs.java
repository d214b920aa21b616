package io.jcompose.runtime.container;

import io.jcompose.runtime.kernel.LauncherPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A one-layer rootfs directory for root tests: Debian's static /bin/busybox with its applets
 * as symlinks, the static jcompose-probe as /bin/jcompose-probe, /etc/passwd and /etc/group
 * (root, nobody, app = 1000:1000), and /tmp.
 */
public final class BusyboxRootfs {
    private static final List<String> APPLETS = List.of("sh", "cat", "echo", "ls", "hostname", "id", "sleep",
            "true", "false", "dd", "ps", "mount", "grep", "wc", "touch", "mkdir", "rm", "readlink", "stat", "head",
            "ip", "ifconfig", "env", "pwd", "printf", "kill", "tr", "seq", "test", "[", "sort", "df", "awk", "stty", "tty", "mknod");

    private BusyboxRootfs() {}

    /** Creates the layer at dir (which must not exist yet) and returns dir. */
    public static Path create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), dir.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String a : APPLETS) {
                Files.createSymbolicLink(dir.resolve("bin").resolve(a), Path.of("busybox"));
            }
            Files.copy(LauncherPath.probe(), dir.resolve("bin/jcompose-probe"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String d : List.of("etc", "tmp", "proc", "sys", "dev", "root", "home/app")) {
                Files.createDirectories(dir.resolve(d));
            }
            Files.setPosixFilePermissions(dir.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(dir.resolve("etc/passwd"), """
                    root:x:0:0:root:/root:/bin/sh
                    nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                    app:x:1000:1000:app:/home/app:/bin/sh
                    """);
            Files.writeString(dir.resolve("etc/group"), """
                    root:x:0:
                    nogroup:x:65534:
                    app:x:1000:
                    extra:x:2000:app
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the busybox rootfs at " + dir, e);
        }
    }
}
