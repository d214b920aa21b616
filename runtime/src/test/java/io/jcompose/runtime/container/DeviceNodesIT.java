package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --device}: the node appears under the asked path with the host node's numbers, the device cgroup
 * (v1 allow-list or v2 BPF program, whichever the runtime uses here) allows exactly the asked accesses, and a
 * device not granted stays denied.
 */
@RequiresRoot
class DeviceNodesIT {
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    @Test
    void grantedDevicesWorkWithTheirPermissionsAndOthersStayDenied() {
        var spec = h.sh("echo x > /dev/mynull && echo write-ok;"
                + " head -c 3 /dev/zero | wc -c;"
                + " ls -l /dev/nested/fuse | awk '{print $1, $5, $6}'; true < /dev/nested/fuse && echo fuse-read-ok;"
                + " : 2>&1 > /dev/nested/fuse | grep -o 'Operation not permitted';"
                + " : > /dev/net/tun && echo tun-write-ok;"
                + " mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted'")
                .withDevices(List.of(
                        new DeviceNode("/dev/mynull", "c", 1, 3, 0666, 0, 0, "rwm"),
                        new DeviceNode("/dev/zero", "c", 1, 5, 0666, 0, 0, "rwm"),
                        new DeviceNode("/dev/nested/fuse", "c", 10, 229, 0600, 0, 0, "r"),
                        new DeviceNode("/dev/net/tun", "c", 10, 200, 0666, 0, 0, "rw")));
        var r = h.run(spec);
        assertThat(r.stdout()).isEqualTo("write-ok\n3\ncrw------- 10, 229\nfuse-read-ok\nOperation not permitted\n"
                + "tun-write-ok\nOperation not permitted\n");
    }

    @Test
    void aDeviceCgroupRuleAllowsNodesTheContainerMakes() {
        var r = h.run(h.sh("mknod /tmp/fuse c 10 229 && true < /tmp/fuse && echo read-ok;"
                + " : 2>&1 > /tmp/fuse | grep -o 'Operation not permitted';"
                + " mknod /tmp/tun c 10 200; : 2>&1 > /tmp/tun | grep -o 'Operation not permitted'")
                .withDeviceRules(List.of(DeviceRule.parse("c 10:229 r"))));
        assertThat(r.stdout()).isEqualTo("read-ok\nOperation not permitted\nOperation not permitted\n");
        var any = h.run(h.sh("mknod /tmp/tun c 10 200 && : > /tmp/tun && echo tun-ok")
                .withDeviceRules(List.of(DeviceRule.parse("c 10:* rw"))));
        assertThat(any.stdout()).isEqualTo("tun-ok\n");
    }
}
