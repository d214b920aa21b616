package io.jcompose.runtime.container;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.kernel.LauncherPath;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.state.ExitRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A real runtime over a temporary root for root tests; {@link #close} removes every container it made. */
final class ContainerHarness implements AutoCloseable {
    final Path root;
    final Path layer;
    final ContainerRuntime runtime;
    final List<String> ids = new ArrayList<>();

    ContainerHarness(Path tmp) {
        this.root = tmp.resolve("state");
        this.layer = BusyboxRootfs.create(tmp.resolve("layer"));
        Path init = LauncherPath.init();
        this.runtime = ContainerRuntime.open(root, tmp.resolve("s"), LinuxKernel.configured(), CgroupDriver.detect(),
                Files.exists(init) ? Optional.of(init) : Optional.empty());
    }

    /** A spec of the busybox layer running {@code sh -c script}. */
    ContainerSpec sh(String script) {
        String id = Ids.random();
        return ContainerSpec.of(id, "test-" + id.substring(0, 6), List.of(layer),
                ProcessSpec.of(List.of("sh", "-c", script)));
    }

    /** Outcome of a container run to its end. */
    record Result(int exitCode, boolean oomKilled, String stdout, String stderr) {}

    /** Creates, starts and waits (bounded) for the container, then reads its log. */
    Result run(ContainerSpec spec) {
        runtime.create(spec);
        ids.add(spec.id());
        runtime.start(spec.id());
        ExitRecord exit = runtime.awaitExit(spec.id(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("container did not exit within 30 s"));
        return new Result(exit.exitCode(), exit.oomKilled(), output(spec.id(), "stdout"), output(spec.id(), "stderr"));
    }

    /** Creates and starts, without waiting. */
    ContainerState start(ContainerSpec spec) {
        runtime.create(spec);
        ids.add(spec.id());
        return runtime.start(spec.id());
    }

    String output(String id, String stream) {
        return runtime.logs(id).read(LogQuery.all()).stream().filter(e -> e.stream().equals(stream))
                .map(LogEntry::text).collect(Collectors.joining());
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (String id : ids) {
            try {
                if (Files.exists(runtime.dir(id).dir())) {
                    runtime.remove(id, true);
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
