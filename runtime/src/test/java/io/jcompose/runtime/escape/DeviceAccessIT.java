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
 * PENDING (docs/security-review.md, finding 1): a default container keeps CAP_MKNOD (as in
 * Docker) but its devices cgroup allows every device ("a *:* rwm"), so root inside can mknod
 * a host device and open it: the host's disks, /dev/kvm, /dev/fuse, the host's consoles.
 * Docker denies all but null, zero, full, random, urandom, tty, console, ptmx, pts and
 * tun/fuse only when asked. Rename to .java once the runtime writes a device allow-list.
 */
@RequiresRoot
class DeviceAccessIT {
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
    void aMknodOfAHostDeviceCannotBeOpened() {
        // loop0 (b 7:0), the first disk of a virtio and of a SCSI machine, kvm, fuse, tty1, /dev/mem, kmsg
        var r = h.run(h.sh(h.image(), "escape-probe blockdev 7 0; escape-probe blockdev 254 0; escape-probe blockdev 8 0;"
                + " escape-probe chardev kvm 10 232; escape-probe chardev fuse 10 229; escape-probe chardev tty1 4 1;"
                + " escape-probe chardev mem 1 1; escape-probe chardev kmsg 1 11"));
        // creating the node is allowed (CAP_MKNOD), opening it is not: EPERM from the devices cgroup
        assertThat(r.stdout()).doesNotContain("blk_open=ok", "kvm_open=ok", "fuse_open=ok", "tty1_open=ok")
                .contains("kvm_open=EPERM", "fuse_open=EPERM", "tty1_open=EPERM", "mem_open=EPERM");
    }

    @Test
    void theContainersDevicesCgroupIsAnAllowList() throws Exception {
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        Path list = Path.of("/sys/fs/cgroup/devices/jcompose", spec.id(), "devices.list");
        if (Files.exists(list)) {
            assertThat(Files.readString(list)).doesNotContain("a *:* rwm").contains("c 1:3 rwm", "c 1:5 rwm");
        }
    }
}
