package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.cgroup.CgroupResources;
import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 3, "Done when": what a process sees from inside a container. */
@RequiresRoot
class ContainerIsolationIT {
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    @Test
    void pid1IsTheEntrypointAndTheHostnameIsTheContainers() {
        var r = h.run(h.sh("echo pid=$$; hostname; cat /proc/1/cmdline | tr '\\0' ' '").withHostname("web-1", ""));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("pid=1\nweb-1\nsh -c echo pid=$$; hostname; cat /proc/1/cmdline | tr '\\0' ' ' ");
    }

    @Test
    void exitCodeIsRecorded() {
        assertThat(h.run(h.sh("echo oops >&2; exit 3"))).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stderr()).isEqualTo("oops\n");
        });
    }

    @Test
    void hostProcessesMountsInterfacesAndFilesAreInvisible() throws Exception {
        Path marker = Files.writeString(h.tmp.resolve("host-file"), "top-secret-content");
        var r = h.run(h.sh("ls /proc | grep -c '^[0-9]'; echo ---; awk '{print $2}' /proc/mounts; echo ---; ls /sys/class/net;"
                + " echo ---; cat " + marker + " 2>&1; ls /bin/jcompose-probe"));
        String[] parts = r.stdout().split("---\n");
        assertThat(parts[0].trim()).as("pids in /proc: sh and cat/ls").isIn("1", "2", "3");
        assertThat(parts[1].lines()).as("mount points").contains("/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/sys")
                .allMatch(m -> m.startsWith("/proc") || m.startsWith("/dev") || m.startsWith("/sys") || m.equals("/"));
        assertThat(parts[2].trim()).isEqualTo("lo");
        assertThat(parts[3]).contains("No such file or directory").doesNotContain("top-secret-content");
    }

    @Test
    void maskedAndReadOnlyPathsAreProtected() {
        var r = h.run(h.sh("wc -c < /proc/timer_list; ls /sys/firmware | wc -l; cat /proc/keys | wc -c;"
                + " echo x > /proc/sysrq-trigger 2>/dev/null && echo writable || echo refused;"
                + " grep -E ' /proc/(sys|keys|bus) ' /proc/mounts | awk '{print $2, substr($4,1,2)}'"));
        assertThat(r.stdout()).startsWith("0\n0\n0\nrefused\n");
        assertThat(r.stdout()).contains("/proc/keys rw", "/proc/sys ro");
    }

    @Test
    void capabilitiesAreDockersDefaultSet() {
        var r = h.run(h.sh("grep -E '^Cap(Eff|Bnd|Inh|Amb)' /proc/self/status; grep NoNewPrivs /proc/self/status"));
        assertThat(r.stdout()).contains("CapInh:\t0000000000000000", "CapEff:\t00000000a80425fb",
                "CapBnd:\t00000000a80425fb", "CapAmb:\t0000000000000000", "NoNewPrivs:\t1");
    }

    @Test
    void capAddAndDropChangeTheSet() {
        var spec = h.sh("grep CapEff /proc/self/status").withSecurity(
                List.of("NET_ADMIN"), List.of("CHOWN", "cap_kill"), false, true);
        // default 0xa80425fb - CHOWN(0) - KILL(5) + NET_ADMIN(12)
        assertThat(h.run(spec).stdout()).isEqualTo("CapEff:\t00000000a80435da\n");
    }

    @Test
    void privilegedGetsEveryCapabilityTheHostDevicesAndAWritableSys() throws Exception {
        String hostBounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring(7).strip();
        var spec = h.sh("grep CapEff /proc/self/status; test -c /dev/kmsg && echo kmsg;"
                + " grep -E ' /sys (sysfs|cgroup)' /proc/mounts | cut -d' ' -f4 | cut -c1-2; jcompose-probe keyctl")
                .withSecurity(List.of(), List.of(), true, true);
        assertThat(h.run(spec).stdout()).isEqualTo("CapEff:\t" + hostBounding + "\nkmsg\nrw\nkeyctl=ok\n");
    }

    @Test
    void hostDevicesCannotBeOpenedThroughANewNode() {
        var r = h.run(h.sh("mknod /tmp/kmsg c 1 11 && head -c1 /tmp/kmsg 2>&1 | grep -o 'Operation not permitted';"
                + " mknod /tmp/null c 1 3 && echo x > /tmp/null && echo null-ok"));
        assertThat(r.stdout()).isEqualTo("Operation not permitted\nnull-ok\n");
    }

    @Test
    void aSyscallTheDefaultFilterDeniesFailsWithEperm() {
        assertThat(h.run(h.sh("jcompose-probe keyctl")).stdout()).isEqualTo("keyctl=EPERM\n");
        var unconfined = h.sh("jcompose-probe keyctl").withSecurity(List.of(), List.of(), false, false);
        assertThat(h.run(unconfined).stdout()).isEqualTo("keyctl=ok\n");
    }

    @Test
    void noHostFileDescriptorLeaksIn() {
        assertThat(h.run(h.sh("exec jcompose-probe fds")).stdout()).isEqualTo("extra_fds=0\n");
    }

    @Test
    void theLauncherReachableFromInsideIsASealedCopy() throws Exception {
        var spec = h.sh("exec sleep 300");
        h.start(spec);
        var run = io.jcompose.runtime.state.StateFiles.read(h.runtime.dir(spec.id()).running(),
                io.jcompose.runtime.state.RunningRecord.class).orElseThrow();
        Path exe = Path.of("/proc", Integer.toString(run.shimPid()), "exe");
        assertThat(Files.readSymbolicLink(exe).toString()).startsWith("/memfd:jcompose-launcher");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Files.newOutputStream(exe,
                java.nio.file.StandardOpenOption.WRITE)).isInstanceOf(java.io.IOException.class);
        var r = h.run(h.sh("exec jcompose-probe cwd").withProcess(ProcessSpec.of(List.of("jcompose-probe", "cwd")).withCwd("/tmp")));
        assertThat(r.stdout()).isEqualTo("cwd=/tmp\n");
    }

    @Test
    void memoryHogIsOomKilledWith137() {
        var spec = h.sh("exec jcompose-probe hog 256").withResources(new CgroupResources(OptionalLong.of(32L << 20),
                OptionalLong.of(32L << 20), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.empty()));
        var r = h.run(spec);
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.oomKilled()).isTrue();
        assertThat(h.runtime.inspect(spec.id()).oomKilled()).isTrue();
    }

    @Test
    void theContainerSeesItsOwnCgroupAsRootReadOnly() {
        var spec = h.sh("grep -E ':(memory|pids):' /proc/self/cgroup; cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                + " /sys/fs/cgroup/pids/pids.max; mkdir /sys/fs/cgroup/x 2>&1 | grep -o 'Read-only file system'")
                .withResources(new CgroupResources(OptionalLong.of(64L << 20), OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
                        Optional.empty(), OptionalInt.of(99), OptionalLong.empty(), Optional.empty()));
        var out = h.run(spec).stdout();
        assertThat(out).containsPattern("[0-9]+:memory:/\n").containsPattern("[0-9]+:pids:/\n")
                .contains("\n67108864\n99\nRead-only file system\n");
    }

    @Test
    void forkBombStopsAtThePidsLimit() {
        var spec = h.sh("exec jcompose-probe forkbomb 500").withResources(new CgroupResources(OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(20), OptionalLong.empty(), Optional.empty()));
        var r = h.run(spec);
        assertThat(r.stdout()).matches("forked=1[0-9] refused=EAGAIN\n");
    }

    @Test
    void filesWrittenInOneContainerAreAbsentInAnother() {
        assertThat(h.run(h.sh("echo one > /marker && cat /marker")).stdout()).isEqualTo("one\n");
        assertThat(h.run(h.sh("cat /marker 2>&1; echo rc=$?")).stdout()).contains("No such file", "rc=1");
        assertThat(h.layer.resolve("marker")).doesNotExist();
    }
}
