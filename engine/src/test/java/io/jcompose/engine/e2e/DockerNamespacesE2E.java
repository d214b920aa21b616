package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** --pid, --ipc, --uts (host and container:X) and --device through the docker CLI. */
class DockerNamespacesE2E extends DockerCliBase {

    @Test
    @DisplayName("--pid host sees the host's PID 1; inspect shows the mode; the default sees only its own")
    void pidHost() throws Exception {
        String host = new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        String script = "tr '\\0' ' ' < /proc/1/cmdline";
        assertThat(ok("run", "--rm", "--pid", "host", image, "sh", "-c", script).out()).isEqualTo(host);
        assertThat(ok("run", "--rm", image, "sh", "-c", script).out()).as("its own PID 1: sh, exec'd into tr")
                .isNotEqualTo(host).startsWith("tr ");
        try {
            ok("create", "--name", "pid-host", "--pid", "host", "--ipc", "host", "--uts", "host", image, "true");
            assertThat(ok("inspect", "-f", "{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}",
                    "pid-host").out().strip()).isEqualTo("host host host");
        } finally {
            docker.run("rm", "-f", "pid-host");
        }
    }

    @Test
    @DisplayName("--pid container:X shows X's processes; X must exist and run")
    void pidContainer() {
        try {
            String target = ok("run", "-d", "--name", "pid-target", image, "sleep", "3021").out().strip();
            assertThat(ok("run", "--rm", "--pid", "container:pid-target", image, "sh", "-c",
                    "tr '\\0' ' ' < /proc/1/cmdline").out()).isEqualTo("sleep 3021 ");
            ok("create", "--name", "pid-joiner", "--pid", "container:pid-target", image, "ps");
            assertThat(ok("inspect", "-f", "{{.HostConfig.PidMode}}", "pid-joiner").out().strip())
                    .isEqualTo("container:" + target);
            ok("stop", "-t", "1", "pid-target");
            assertThat(fails("start", "pid-joiner").err()).contains("cannot join PID of a non running container: " + target);
            assertThat(fails("run", "--rm", "--pid", "container:no-such-box", image, "true").err())
                    .contains("No such container: no-such-box");
        } finally {
            docker.run("rm", "-f", "pid-joiner");
            docker.run("rm", "-f", "pid-target");
        }
    }

    @Test
    @DisplayName("--ipc host shares the host's SysV segments; the default does not")
    void ipcHost() throws Exception {
        String shmid = host("ipcmk", "-M", "4096").replaceAll("\\D+", " ").trim();
        try {
            assertThat(ok("run", "--rm", "--ipc", "host", image, "awk", "{print $2}", "/proc/sysvipc/shm").out().lines())
                    .contains(shmid);
            assertThat(ok("run", "--rm", "--ipc", "private", image, "awk", "{print $2}", "/proc/sysvipc/shm").out()
                    .lines()).doesNotContain(shmid);
        } finally {
            host("ipcrm", "-m", shmid);
        }
    }

    @Test
    @DisplayName("--ipc container:X shares X's IPC namespace and /dev/shm")
    void ipcContainer() {
        try {
            ok("run", "-d", "--name", "ipc-target", "--ipc", "shareable", image, "sh", "-c",
                    "echo from-target > /dev/shm/marker; exec sleep 3022");
            String marker = "";
            for (int i = 0; i < 100 && marker.isEmpty(); i++) {
                marker = docker.run("exec", "ipc-target", "cat", "/dev/shm/marker").out().strip();
            }
            assertThat(marker).isEqualTo("from-target");
            assertThat(ok("run", "--rm", "--ipc", "container:ipc-target", image, "sh", "-c",
                    "cat /dev/shm/marker; readlink /proc/self/ns/ipc").out())
                    .isEqualTo("from-target\n" + ok("exec", "ipc-target", "readlink", "/proc/self/ns/ipc").out());
            assertThat(ok("run", "--rm", image, "ls", "/dev/shm").out()).isEmpty();
            // as Docker: a donor with its default (private) IPC cannot be joined
            ok("run", "-d", "--name", "ipc-private", image, "sleep", "3023");
            Docker.Result refused = docker.run("run", "--rm", "--ipc", "container:ipc-private", image, "true");
            assertThat(refused.code()).as(refused.text()).isNotZero();
            assertThat(refused.err()).contains("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        } finally {
            docker.run("rm", "-f", "ipc-target");
            docker.run("rm", "-f", "ipc-private");
        }
    }

    @Test
    @DisplayName("--uts host keeps the host's name; with -h it is Docker's conflicting-options 400")
    void utsHost() throws Exception {
        String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(ok("run", "--rm", "--uts", "host", image, "hostname").out().strip()).isEqualTo(name);
        assertThat(fails("run", "--rm", "--uts", "host", "-h", "other", image, "true").err())
                .contains("conflicting options: hostname and the UTS mode");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(name);
    }

    @Test
    @DisplayName("--device: nodes with the host's numbers, the asked permissions; --device-cgroup-rule; others stay denied")
    void devices() throws Exception {
        Docker.Result r = ok("run", "--rm", "--device", "/dev/null:/dev/mynull", "--device", "/dev/zero",
                "--device", "/dev/fuse:/dev/fuse:r", image, "sh", "-c",
                "echo x > /dev/mynull && echo write-ok; head -c 3 /dev/zero | wc -c;"
                        + " ls -l /dev/mynull /dev/fuse | awk '{print $1, $5, $6, $NF}';"
                        + " true < /dev/fuse && echo fuse-read-ok; : 2>&1 > /dev/fuse | grep -o 'Operation not permitted';"
                        + " mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted'");
        assertThat(r.out()).isEqualTo("write-ok\n3\ncrw------- 10, 229 /dev/fuse\ncrw-rw-rw- 1, 3 /dev/mynull\n"
                + "fuse-read-ok\nOperation not permitted\nOperation not permitted\n");
        assertThat(ok("run", "--rm", "--device-cgroup-rule", "c 10:229 r", image, "sh", "-c",
                "mknod /tmp/fuse c 10 229 && true < /tmp/fuse && echo rule-read-ok;"
                        + " : 2>&1 > /tmp/fuse | grep -o 'Operation not permitted'").out())
                .isEqualTo("rule-read-ok\nOperation not permitted\n");
        Path file = Files.writeString(engine.dir.resolve("not-a-device"), "x");
        assertThat(fails("run", "--rm", "--device", file.toString(), image, "true").err())
                .contains("error gathering device information while adding custom device \"" + file
                        + "\": not a device node");
        try {
            ok("create", "--name", "dev-inspect", "--device", "/dev/fuse:/dev/f:rw", "--device-cgroup-rule", "b 7:* r",
                    image, "true");
            assertThat(ok("inspect", "-f", "{{range .HostConfig.Devices}}{{.PathOnHost}} {{.PathInContainer}} "
                    + "{{.CgroupPermissions}}{{end}} {{.HostConfig.DeviceCgroupRules}}", "dev-inspect").out().strip())
                    .isEqualTo("/dev/fuse /dev/f rw [b 7:* r]");
        } finally {
            docker.run("rm", "-f", "dev-inspect");
        }
    }

    private static String host(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
