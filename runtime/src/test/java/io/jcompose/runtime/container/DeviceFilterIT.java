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
 * cannot be opened, /dev/null can.
 */
@RequiresRoot
class DeviceFilterIT {
    @TempDir
    Path tmp;

    @Test
    void theBpfAllowListDeniesHostDevices() throws Exception {
        Path layer = BusyboxRootfs.create(tmp.resolve("layer"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        for (String d : List.of("upper", "work", "rootfs")) {
            Files.createDirectories(c.resolve(d));
        }
        Path cgroup2 = cgroup2Mount().resolve("jcompose-devfilter-" + Ids.random().substring(0, 8));
        Files.createDirectory(cgroup2);
        try {
            var spec = ContainerSpec.of(Ids.random(), "devfilter", List.of(layer), ProcessSpec.of(List.of("sh", "-c",
                    "mknod /tmp/k c 1 11; head -c1 /tmp/k 2>&1 | grep -o 'Operation not permitted'; echo x > /dev/null && echo null-ok")))
                    .withSecurity(List.of(), List.of(), false, false);
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
            String out = new ContainerLogs(c.resolve("log.json"), () -> false).read(LogQuery.all()).stream()
                    .map(LogEntry::text).collect(Collectors.joining());
            assertThat(out).isEqualTo("Operation not permitted\nnull-ok\n");
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
