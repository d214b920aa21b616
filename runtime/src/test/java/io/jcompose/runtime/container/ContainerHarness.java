package io.jcompose.runtime.container;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.kernel.LauncherPath;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.state.ExitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real runtime over a temporary directory of its own for root tests, made fresh for every test
 * ({@code @RegisterExtension final ContainerHarness h = new ContainerHarness();}); after each test it removes
 * every container it made, then the directory.
 */
final class ContainerHarness implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    Path tmp;
    Path root;
    Path layer;
    ContainerRuntime runtime;
    final List<String> ids = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tmp = Files.createTempDirectory("jch-");
        root = tmp.resolve("state");
        layer = BusyboxRootfs.create(tmp.resolve("layer"));
        Path init = LauncherPath.init();
        runtime = ContainerRuntime.open(root, tmp.resolve("s"), LinuxKernel.configured(), CgroupDriver.detect(),
                Files.exists(init) ? Optional.of(init) : Optional.empty());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            ids.clear();
            if (tmp != null) {
                try (Stream<Path> all = Files.walk(tmp)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
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
