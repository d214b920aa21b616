package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PidMode, IpcMode, UTSMode, NetworkMode container:X: the host's or another container's namespaces, when asked. */
@RequiresRoot
class NamespaceSharingIT {
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    private static Namespaces pid(NamespaceMode m) {
        return new Namespaces(m, NamespaceMode.PRIVATE, NamespaceMode.PRIVATE, NamespaceMode.PRIVATE);
    }

    private static Namespaces ipc(NamespaceMode m) {
        return new Namespaces(NamespaceMode.PRIVATE, m, NamespaceMode.PRIVATE, NamespaceMode.PRIVATE);
    }

    @Test
    void pidHostSeesTheHostsPid1() throws IOException {
        String host = new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        String script = "tr '\\0' ' ' < /proc/1/cmdline; echo; echo self=$$";
        var shared = h.run(h.sh(script).withNamespaces(pid(NamespaceMode.HOST)));
        assertThat(shared.stdout()).startsWith(host + "\n").doesNotContain("self=1\n");
        var own = h.run(h.sh(script));
        assertThat(own.stdout()).as("the default is a pid namespace of its own").doesNotContain(host).endsWith("self=1\n");
    }

    @Test
    void withTheHostsPidNamespaceTheOtherProcessesEndWithPid1() throws IOException {
        // the exit is read without awaitExit, which would kill what is left of the group itself
        ContainerSpec spec = h.sh("sleep 2345 & echo started").withNamespaces(pid(NamespaceMode.HOST));
        h.start(spec);
        for (int i = 0; i < 3000 && h.runtime.inspect(spec.id()).isRunning(); i++) {
            sleepMillis(10);
        }
        assertThat(h.runtime.inspect(spec.id()).isRunning()).as("exited").isFalse();
        assertThat(h.output(spec.id(), "stdout")).isEqualTo("started\n");
        try (var procs = Files.list(Path.of("/proc"))) {
            assertThat(procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    return "";
                }
            })).as("the background sleep is gone with its container").doesNotContain("sleep\0" + "2345\0");
        }
    }

    @Test
    void pidContainerSeesTheTargetsProcessesAndNeedsItRunning() {
        ContainerSpec target = h.sh("exec sleep 3017");
        h.start(target);
        var r = h.run(h.sh("cat /proc/1/cmdline | tr '\\0' ' '; echo; echo self=$$")
                .withNamespaces(pid(NamespaceMode.of(target.id()))));
        assertThat(r.stdout()).startsWith("sleep 3017 \n").doesNotContain("self=1\n");
        h.runtime.stop(target.id(), Duration.ofSeconds(5));
        ContainerSpec late = h.sh("true").withNamespaces(pid(NamespaceMode.of(target.id())));
        assertThatThrownBy(() -> h.start(late)).isInstanceOf(ContainerException.class)
                .hasMessageContaining("cannot join PID of a non running container: " + target.id().substring(0, 12));
    }

    @Test
    void ipcHostSharesTheHostsSysvSegments() throws Exception {
        String shmid = host("ipcmk", "-M", "4096").replaceAll("\\D+", " ").trim();
        try {
            String script = "awk '{print $2}' /proc/sysvipc/shm; ls /dev/shm";
            var shared = h.run(h.sh(script).withNamespaces(ipc(NamespaceMode.HOST)));
            assertThat(shared.stdout().lines()).contains(shmid);
            var own = h.run(h.sh(script));
            assertThat(own.stdout().lines()).as("a private ipc namespace").doesNotContain(shmid);
        } finally {
            host("ipcrm", "-m", shmid);
        }
    }

    @Test
    void ipcContainerSharesTheTargetsSegmentsAndDevShm() throws Exception {
        ContainerSpec target = h.sh("echo from-target > /dev/shm/marker; exec sleep 3018");
        ContainerState t = h.start(target);
        String out = host("nsenter", "--ipc=/proc/" + t.pid() + "/ns/ipc", "ipcmk", "-M", "4096");
        String shmid = out.replaceAll("\\D+", " ").trim();
        var r = h.run(h.sh("awk '{print $2}' /proc/sysvipc/shm; cat /dev/shm/marker")
                .withNamespaces(ipc(NamespaceMode.of(target.id()))));
        assertThat(r.stdout().lines()).contains(shmid, "from-target");
        var own = h.run(h.sh("awk '{print $2}' /proc/sysvipc/shm; ls /dev/shm"));
        assertThat(own.stdout().lines()).doesNotContain(shmid, "marker");
    }

    @Test
    void netContainerJoinsTheTargetsPrivateNetworkNamespaceByPidAndNeedsItRunning() throws IOException {
        ContainerSpec target = h.sh("exec sleep 3019");
        ContainerState t = h.start(target);
        String targetNs = Files.readSymbolicLink(Path.of("/proc/" + t.pid() + "/ns/net")).toString();
        assertThat(targetNs).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        String script = "readlink /proc/self/ns/net; ls /sys/class/net";
        var joined = h.run(h.sh(script).withNamespaces(Namespaces.PRIVATE.withNet(NamespaceMode.of(target.id()))));
        assertThat(joined.stdout()).as(joined.stderr()).isEqualTo(targetNs + "\nlo\n");
        var own = h.run(h.sh(script));
        assertThat(own.stdout()).as("a network namespace of its own").doesNotContain(targetNs).contains("lo\n");
        h.runtime.stop(target.id(), Duration.ofSeconds(5));
        ContainerSpec late = h.sh("true").withNamespaces(Namespaces.PRIVATE.withNet(NamespaceMode.of(target.id())));
        assertThatThrownBy(() -> h.start(late)).isInstanceOf(ContainerException.class)
                .hasMessageContaining("cannot join network of a non running container: " + target.id().substring(0, 12));
    }

    @Test
    void utsHostKeepsTheHostsNameAndNeverSetsIt() throws IOException {
        String before = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        var r = h.run(h.sh("hostname").withHostname("not-applied", "")
                .withNamespaces(new Namespaces(NamespaceMode.PRIVATE, NamespaceMode.PRIVATE, NamespaceMode.HOST,
                        NamespaceMode.PRIVATE)));
        assertThat(r.stdout()).isEqualTo(before + "\n");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(before);
    }

    @Test
    void sharingNeedsTheHostsUserNamespace() {
        assertThatThrownBy(() -> h.sh("true").withNamespaces(pid(NamespaceMode.HOST))
                .withUserNamespace(java.util.Optional.of(UserNamespace.remap(100000, 65536))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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
