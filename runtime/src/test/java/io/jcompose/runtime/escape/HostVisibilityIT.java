package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What of the host a default container can see or change: processes, mounts, network, files, kernel knobs. */
@RequiresRoot
class HostVisibilityIT {
    @TempDir
    Path tmp;
    EscapeHarness h;

    @BeforeEach
    void setUp() {
        h = new EscapeHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void onlyTheContainersProcessesAreVisible() {
        var r = h.run(h.sh(h.image(), "ls -d /proc/[0-9]* | wc -l; kill -0 " + ProcessHandle.current().pid()
                + " 2>&1 && echo reached-host-pid; ls /proc/1/root/"));
        String[] lines = r.stdout().split("\n");
        assertThat(Integer.parseInt(lines[0].trim())).as("pids in /proc: sh, ls, wc").isBetween(1, 4);
        assertThat(r.stdout()).doesNotContain("reached-host-pid").doesNotContain("work\n");
    }

    @Test
    void mountPointsAreTheContainersOwn() throws Exception {
        var r = h.run(h.sh(h.image(), "awk '{print $5}' /proc/self/mountinfo"));
        List<String> points = r.stdout().lines().toList();
        assertThat(points).contains("/", "/proc", "/dev", "/sys")
                .allMatch(m -> m.equals("/") || m.startsWith("/proc") || m.startsWith("/dev") || m.startsWith("/sys"), "inside");
        // no mount point of the host (e.g. /work, /boot, /run/netns) shows up in the container
        List<String> hostPoints = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(m -> !m.equals("/") && !m.startsWith("/proc") && !m.startsWith("/dev")
                        && !m.startsWith("/sys")).toList();
        assertThat(points).doesNotContainAnyElementsOf(hostPoints);
    }

    @Test
    void onlyLoopbackIsVisibleAndHostFilesAreAbsent() throws Exception {
        Path secret = Files.writeString(tmp.resolve("host-secret"), "top-secret");
        String hostname = Files.exists(Path.of("/etc/hostname")) ? Files.readString(Path.of("/etc/hostname")).trim() : "";
        var r = h.run(h.sh(h.image(), "ls /sys/class/net; echo ---; cat " + secret + " /etc/hostname 2>&1; hostname;"
                + " echo ---; cat /proc/net/dev | tail -n +3 | cut -d: -f1"));
        String[] parts = r.stdout().split("---\n");
        assertThat(parts[0].trim()).isEqualTo("lo");
        assertThat(parts[1]).doesNotContain("top-secret").contains("No such file or directory");
        if (!hostname.isEmpty()) {
            assertThat(parts[1].lines()).doesNotContain(hostname);
        }
        assertThat(parts[2].trim()).isEqualTo("lo");
    }

    @Test
    void theCgroupTreeIsTheContainersOwnAndReadOnly() {
        // either no cgroup file system at all, or read-only hierarchies rooted at the container's group
        var r = h.run(h.sh(h.image(), "find /sys/fs/cgroup -maxdepth 2 -type d -name 'jcompose*' | wc -l;"
                + " for f in /sys/fs/cgroup/*/cgroup.procs /sys/fs/cgroup/cgroup.procs; do [ -e $f ] || continue;"
                + " echo $$ > $f 2>/dev/null && echo wrote $f; done;"
                + " for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; do [ -e $f ] || continue;"
                + " echo 1 > $f 2>/dev/null && echo wrote $f; done; mkdir /sys/fs/cgroup/pids/x 2>/dev/null && echo made-group; echo end"));
        assertThat(r.stdout()).isEqualTo("0\nend\n");
    }

    @Test
    void kernelInterfacesAreMaskedOrReadOnly() {
        var r = h.run(h.sh(h.image(), "for f in /proc/kcore /proc/keys /proc/timer_list /proc/interrupts; do"
                + " [ -e $f ] && echo $f $(wc -c < $f); done; ls /sys/firmware | wc -l;"
                + " for f in /proc/sysrq-trigger /proc/sys/kernel/hostname /proc/sys/vm/drop_caches /proc/sys/kernel/core_pattern"
                + " /sys/kernel/uevent_helper /sys/kernel/mm/transparent_hugepage/enabled; do"
                + " [ -e $f ] || continue; (echo x > $f) 2>&1 | grep -q 'Read-only file system' && echo $f EROFS || echo $f WRITABLE; done;"
                + " touch /sys/new 2>&1; mkdir /proc/sys/x 2>&1"));
        assertThat(r.stdout()).doesNotContain("WRITABLE").contains("/proc/keys 0", "/proc/timer_list 0",
                "/proc/sys/kernel/hostname EROFS", "/proc/sys/vm/drop_caches EROFS", "/proc/sys/kernel/core_pattern EROFS",
                "touch: /sys/new: Read-only file system", "mkdir: can't create directory '/proc/sys/x'");
        assertThat(r.stdout()).doesNotContainPattern("/proc/kcore [1-9]");
        assertThat(r.stdout().lines()).as("entries of /sys/firmware").contains("0");
    }

    @Test
    void devHasOnlyTheMinimalSet() {
        var r = h.run(h.sh(h.image(), "ls -A /dev | tr '\\n' ' '; echo; ls /dev/mem /dev/kmem /dev/port /dev/sda /dev/vda 2>&1 | grep -c 'No such'"));
        String[] lines = r.stdout().split("\n");
        List<String> devs = Arrays.asList(lines[0].trim().split(" "));
        assertThat(devs).isSubsetOf("core", "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr",
                "stdin", "stdout", "tty", "urandom", "zero", "console").contains("null", "zero", "full", "random",
                "urandom", "tty", "ptmx", "pts", "shm", "fd");
        assertThat(lines[1].trim()).isEqualTo("5");
    }

    @Test
    void anExecSharesEveryNamespaceAndTheCgroupOfPid1() throws Exception {
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        String script = "for n in cgroup ipc mnt net pid uts; do echo $n $(readlink /proc/$P/ns/$n); done; cat /proc/$P/cgroup;"
                + " ls /sys/class/net";
        assertThat(h.exec(spec.id(), "P=1; (" + script + ") > /tmp/pid1; P=self; (" + script + ") > /tmp/exec")).isZero();
        String pid1 = h.upperFile(spec.id(), "/tmp/pid1");
        assertThat(pid1).contains("cgroup cgroup:[", "net net:[").endsWith("lo\n");
        assertThat(h.upperFile(spec.id(), "/tmp/exec")).isEqualTo(pid1);
        // and none of them is the engine's (the host's)
        for (String ns : List.of("cgroup", "ipc", "mnt", "net", "pid", "uts")) {
            assertThat(pid1).doesNotContain(ns + " " + Files.readSymbolicLink(Path.of("/proc/self/ns", ns)));
        }
    }

    @Test
    void theHostsHostnameStaysWhenTheContainerRenamesItsOwn() throws Exception {
        String before = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        var spec = h.sh(h.image(), "hostname renamed-inside; hostname").withSecurity(List.of("SYS_ADMIN"), List.of(), false, true);
        assertThat(h.run(spec).stdout()).isEqualTo("renamed-inside\n");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname"))).isEqualTo(before);
        var unprivileged = h.run(h.sh(h.image(), "hostname evil 2>&1; hostname"));
        assertThat(unprivileged.stdout()).contains("Operation not permitted");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname"))).isEqualTo(before);
    }
}
