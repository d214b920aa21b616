package io.jcompose.testing.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image archives for tests, made without Docker. {@link #busybox(Path)} is the everyday image
 * (Debian's static busybox with its common applets); {@link #builder()} crafts any other image,
 * including multi-layer and hostile ones.
 */
public final class TestImages {

    /** The repo tag of {@link #busybox(Path)}. */
    public static final String BUSYBOX = "jcompose-test/busybox:latest";

    /** Applets linked to {@code /bin/busybox} in the busybox image. */
    public static final List<String> APPLETS = List.of(
            "sh", "ash", "ls", "cat", "echo", "sleep", "true", "false", "id", "hostname", "ps",
            "mount", "umount", "wget", "nc", "ip", "ping", "dd", "mkdir", "touch", "rm", "env",
            "grep", "head", "tail", "top", "kill", "ln", "cp", "mv", "chmod", "chown", "sed", "awk",
            "wc", "sort", "uniq", "tee", "test", "[", "printf", "pwd", "uname", "whoami", "df", "du",
            "find", "xargs", "stat", "readlink", "realpath", "date", "expr", "seq", "timeout",
            "nslookup", "ifconfig", "route", "netstat", "basename", "dirname", "free", "mktemp",
            "nproc", "sha256sum", "md5sum", "tr", "cut", "tar", "gzip", "zcat", "which", "mknod",
            "mkfifo", "hexdump", "od", "yes", "usleep", "vi", "httpd", "chroot", "sync", "stty",
            "tty", "unshare", "nsenter", "setpriv", "su", "groups", "rmdir", "cmp", "diff", "less");

    private TestImages() {}

    /** A builder for a new image archive (untagged until {@link TestImageBuilder#tag}). */
    public static TestImageBuilder builder() {
        return new TestImageBuilder();
    }

    /**
     * Writes {@code dir/busybox.tar}, a {@code docker save} archive of {@link #BUSYBOX}, and
     * returns its path. Needs {@code /bin/busybox} from Debian's {@code busybox-static}.
     */
    public static Path busybox(Path dir) {
        return busyboxBuilder().write(dir.resolve("busybox.tar"));
    }

    /**
     * The busybox image as a builder, tagged {@link #BUSYBOX}, its single layer complete, so a
     * test can add a layer ({@code .layer().file(…)}), retag or change the config first.
     * The layer: {@code /bin/busybox} plus {@link #APPLETS} as symlinks, {@code /etc/passwd} and
     * {@code /etc/group} (root, nobody, {@code app} = 1000:1000), {@code /tmp} (1777),
     * {@code /root}, {@code /home/app}, {@code /proc}, {@code /sys}, {@code /dev}, {@code /run}
     * and {@code /var/run -> /run}; config {@code Cmd ["sh"]}, a default {@code PATH}.
     */
    public static TestImageBuilder busyboxBuilder() {
        Path busybox = hostBusybox();
        TestImageBuilder b = builder().tag(BUSYBOX)
                .dir("/bin").file("/bin/busybox", busybox, 0755);
        for (String applet : APPLETS) {
            b.symlink("/bin/" + applet, "busybox");
        }
        b.dir("/usr").dir("/usr/bin").symlink("/usr/bin/env", "/bin/busybox")
                .dir("/etc")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                        + "app:x:1000:1000:app:/home/app:/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
                .file("/etc/group", "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n")
                .dir("/tmp", 01777).dir("/root", 0700).dir("/home")
                .owner(1000, 1000).dir("/home/app").owner(0, 0)
                .dir("/proc", 0555).dir("/sys", 0555).dir("/dev").dir("/run")
                .dir("/var").symlink("/var/run", "/run")
                .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .cmd("sh");
        return b;
    }

    private static Path hostBusybox() {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no /bin/busybox on this host: apt-get install busybox-static");
    }
}
