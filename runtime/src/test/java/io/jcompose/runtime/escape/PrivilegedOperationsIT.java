package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root inside a default container tries what would reach the kernel or the host: mounts,
 * namespaces, keys, modules, reboot, clocks, raw I/O, BPF, file handles (the "shocker"
 * attack), a chroot break-out. Every one must fail.
 */
@RequiresRoot
class PrivilegedOperationsIT {
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
    void privilegedSyscallsFailWithEperm() {
        var r = h.run(h.sh(h.image(), "exec escape-probe syscalls"));
        assertThat(r.stdout()).contains("mount=EPERM", "mount_proc=EPERM", "unshare_user=EPERM", "unshare_mnt=EPERM",
                "unshare_net=EPERM", "setns_mnt=EPERM", "keyctl=EPERM", "add_key=EPERM", "init_module=EPERM",
                "finit_module=EPERM", "delete_module=EPERM", "reboot=EPERM", "sethostname=EPERM",
                "clock_settime=EPERM", "settimeofday=EPERM", "iopl=EPERM", "ioperm=EPERM", "swapon=EPERM",
                "acct=EPERM", "open_by_handle_at=EPERM", "bpf=EPERM", "userfaultfd=EPERM", "kexec_load=EPERM",
                "perf_event_open=EPERM", "io_uring_setup=EPERM", "pivot_root=EPERM", "open_tree=EPERM", "fsopen=EPERM",
                "umount_proc_keys=EPERM");
    }

    @Test
    void theFilterCoversTheCompatibilityAbis() {
        // keyctl and unshare through int 0x80 (i386) and the x32 numbers, which an x86_64-only filter misses
        var r = h.run(h.sh(h.image(), "exec escape-probe compat"));
        assertThat(r.stdout()).contains("compat_child=").doesNotContain("ia32_keyctl=ok", "ia32_unshare=ok",
                "x32_keyctl=ok", "x32_unshare=ok");
        if (r.stdout().contains("ia32_getpid=ok")) {
            assertThat(r.stdout()).contains("ia32_keyctl=EPERM", "ia32_unshare=EPERM");
        }
    }

    @Test
    void theShimAndTheEngineAreOutOfReach() {
        long shim = ProcessHandle.current().pid();
        // the engine's pid (and any host pid) does not exist in the container's pid namespace
        var r = h.run(h.sh(h.image(), "kill -0 " + shim + " 2>&1; echo $PPID; cat /proc/1/status | grep PPid"));
        assertThat(r.stdout()).contains("No such process").contains("0\nPPid:\t0\n");
    }

    @Test
    void aChrootBreakOutEndsAtTheContainersRoot() throws Exception {
        var layers = h.image(b -> b.file("/container-marker", "inside"));
        var r = h.run(h.sh(layers, "exec escape-probe chroot"));
        assertThat(r.stdout()).contains("chroot=ok", "chroot_back=ok").containsPattern("root_entries=.*container-marker");
        try (var host = Files.list(Path.of("/"))) {
            for (Path p : host.toList()) {
                String name = p.getFileName().toString();
                if (!h.layerHas(layers, name)) {
                    assertThat(r.stdout()).as("host entry /%s", name).doesNotContainPattern("root_entries=(.* )?" + java.util.regex.Pattern.quote(name) + " ");
                }
            }
        }
    }

    @Test
    void procSysAndSysStayReadOnlyForNewMountsToo() {
        // remounting needs CAP_SYS_ADMIN, which the default set lacks
        var r = h.run(h.sh(h.image(), "mount -o remount,rw /proc/sys 2>&1; mount -o remount,rw /sys 2>&1;"
                + " mount -t sysfs sysfs /tmp 2>&1; umount /proc/keys 2>&1; cat /proc/keys | wc -c"));
        assertThat(r.stdout()).as(r.stdout()).endsWith("\n0\n");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("mount: ") || l.startsWith("umount: ")).count())
                .as(r.stdout()).isEqualTo(4);
    }
}
