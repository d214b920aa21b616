package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.state.ExitRecord;
import io.jcompose.runtime.state.StateFiles;
import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 device allow-list (a BPF program on the container's group), run on this
 * host's cgroup2 mount whichever driver the runtime uses here: a new node of a host device
 * cannot be opened, /dev/null can, and a granted device only with its permissions.
 */
@RequiresRoot
class DeviceFilterIT {
    @TempDir
    Path tmp;

    @Test
    void theBpfAllowListDeniesHostDevices() throws Exception {
        String out = runUnderBpf("mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted';"
                + " echo x > /dev/null && echo null-ok", List.of());
        assertThat(out).isEqualTo("Operation not permitted\nnull-ok\n");
    }

    @Test
    void grantedDevicesGetExactlyTheirPermissions() throws Exception {
        String out = runUnderBpf("true < /dev/fuse && echo fuse-read-ok; : 2>&1 > /dev/fuse | grep -o 'Operation not permitted';"
                + " : > /dev/net/tun && echo tun-write-ok; true < /dev/net/tun && echo tun-read-ok;"
                + " mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted'",
                List.of(new DeviceNode("/dev/fuse", "c", 10, 229, 0600, 0, 0, "r"),
                        new DeviceNode("/dev/net/tun", "c", 10, 200, 0666, 0, 0, "rw")));
        assertThat(out).isEqualTo("fuse-read-ok\nOperation not permitted\ntun-write-ok\ntun-read-ok\n"
                + "Operation not permitted\n");
    }

    @Test
    void deviceCgroupRulesAllowWithWildcards() throws Exception {
        String out = runUnderBpf("mknod /tmp/tun c 10 200 && : > /tmp/tun && echo tun-ok;"
                + " mknod /tmp/fuse c 10 229 && true < /tmp/fuse && echo fuse-read-ok;"
                + " : 2>&1 > /tmp/fuse | grep -o 'Operation not permitted';"
                + " mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted'",
                List.of(), List.of(DeviceRule.parse("c 10:200 rw"), DeviceRule.parse("a 10:* r")));
        assertThat(out).isEqualTo("tun-ok\nfuse-read-ok\nOperation not permitted\nOperation not permitted\n");
    }

    private String runUnderBpf(String script, List<DeviceNode> devices) throws Exception {
        return runUnderBpf(script, devices, List.of());
    }

    private String runUnderBpf(String script, List<DeviceNode> devices, List<DeviceRule> rules) throws Exception {
        Path layer = BusyboxRootfs.create(tmp.resolve("layer"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        for (String d : List.of("upper", "work", "rootfs")) {
            Files.createDirectories(c.resolve(d));
        }
        Path cgroup2 = cgroup2Mount().resolve("jcompose-devfilter-" + Ids.random().substring(0, 8));
        Files.createDirectory(cgroup2);
        try {
            var spec = ContainerSpec.of(Ids.random(), "devfilter", List.of(layer), ProcessSpec.of(List.of("sh", "-c",
                    script))).withSecurity(List.of(), List.of(), false, false).withDevices(devices).withDeviceRules(rules);
            var wiring = new LaunchSpecs.Wiring(c, Optional.of(c.resolve("log.json")), c.resolve("a.sock"),
                    List.of(cgroup2.resolve("cgroup.procs")), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(cgroup2));
            LinuxKernel.configured().launch(LaunchSpecs.run(spec, c.resolve("rootfs"), c.resolve("upper"), c.resolve("work"),
                    wiring, Optional.empty()));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (StateFiles.read(c.resolve("exit.json"), ExitRecord.class).isEmpty()) {
                assertThat(System.nanoTime()).as("container exits").isLessThan(deadline);
                Thread.sleep(5);
            }
            return new ContainerLogs(c.resolve("log.json"), () -> false).read(LogQuery.all()).stream()
                    .map(LogEntry::text).collect(Collectors.joining());
        } finally {
            Files.delete(cgroup2);
        }
    }

    /** The cgroup2 mount: /sys/fs/cgroup on a v2 host, /sys/fs/cgroup/unified on a hybrid one. */
    private static Path cgroup2Mount() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int sep = List.of(f).indexOf("-");
            if (sep > 0 && f[sep + 1].equals("cgroup2") && f[4].startsWith("/sys/fs/cgroup")) {
                return Path.of(f[4]);
            }
        }
        throw new AssertionError("this host has no cgroup2 mount under /sys/fs/cgroup");
    }
}
