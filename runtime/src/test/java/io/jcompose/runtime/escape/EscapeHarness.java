package io.jcompose.runtime.escape;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.container.ContainerRuntime;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ExecHandle;
import io.jcompose.runtime.container.LogEntry;
import io.jcompose.runtime.container.LogQuery;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.image.Image;
import io.jcompose.runtime.image.ImageStore;
import io.jcompose.runtime.kernel.LauncherPath;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.state.ExitRecord;
import io.jcompose.testing.images.TestImageBuilder;
import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Real containers for the escape tests: the busybox test image plus {@code /bin/escape-probe}
 * (escape_probe.c, compiled static here), loaded into a fresh image store. {@link #close}
 * force-removes every container it started (processes, cgroups, mounts and files).
 */
final class EscapeHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SOURCE = Path.of("src/test/java/io/jcompose/runtime/escape/escape_probe.c").toAbsolutePath();

    final Path tmp;
    final Path probe;
    final ImageStore store;
    final ContainerRuntime runtime;
    private final List<String> ids = new ArrayList<>();
    private int images;

    EscapeHarness(Path tmp) {
        this.tmp = tmp;
        this.probe = compileProbe(tmp.resolve("escape-probe"));
        this.store = ImageStore.open(tmp.resolve("images"));
        this.runtime = ContainerRuntime.open(tmp.resolve("state"), tmp.resolve("s"), LinuxKernel.configured(),
                CgroupDriver.detect(), Files.exists(LauncherPath.init()) ? Optional.of(LauncherPath.init()) : Optional.empty());
    }

    /** Layer dirs of the busybox image with the probe, changed by {@code extra} (a new top layer). */
    List<Path> image(UnaryOperator<TestImageBuilder> extra) {
        TestImageBuilder b = TestImages.busyboxBuilder().file("/bin/escape-probe", probe, 0755).layer();
        b = extra.apply(b);
        Path archive = b.tag("jcompose-test/escape" + images++ + ":latest").write(tmp.resolve("image" + images + ".tar"));
        Image image = store.load(archive).get(0);
        return store.layerDirs(image);
    }

    /** Layer dirs of the plain busybox image with the probe. */
    List<Path> image() {
        return image(b -> b);
    }

    /** Whether any of the layers has a top-level entry {@code name}. */
    boolean layerHas(List<Path> layers, String name) {
        return layers.stream().anyMatch(l -> Files.exists(l.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /** A container of {@code layers} running {@code sh -c script}, Docker's defaults otherwise. */
    ContainerSpec sh(List<Path> layers, String script) {
        return spec(layers, List.of("sh", "-c", script));
    }

    ContainerSpec spec(List<Path> layers, List<String> args) {
        String id = io.jcompose.runtime.container.Ids.random();
        return ContainerSpec.of(id, "escape-" + id.substring(0, 6), layers, ProcessSpec.of(args));
    }

    /** Outcome of a container run to its end. */
    record Result(int exitCode, boolean oomKilled, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** Creates, starts and waits (bounded) for the container, then reads its log. */
    Result run(ContainerSpec spec) {
        start(spec);
        ExitRecord exit = runtime.awaitExit(spec.id(), WAIT)
                .orElseThrow(() -> new AssertionError("container did not exit within " + WAIT + "; its output so far:\n"
                        + output(spec.id(), "stdout") + output(spec.id(), "stderr")));
        return new Result(exit.exitCode(), exit.oomKilled(), output(spec.id(), "stdout"), output(spec.id(), "stderr"));
    }

    /** Creates and starts without waiting; the container is removed by {@link #close}. */
    void start(ContainerSpec spec) {
        runtime.create(spec);
        ids.add(spec.id());
        runtime.start(spec.id());
    }

    /** Runs {@code sh -c script} in the running container, waits for it, and returns its exit code. */
    int exec(String id, String script) {
        ExecHandle e = runtime.exec(id, ProcessSpec.of(List.of("sh", "-c", script)));
        return awaitExec(id, e.execId());
    }

    /** Waits (bounded) for an exec to end; its exit code. */
    int awaitExec(String id, String execId) {
        return runtime.awaitExec(id, execId, WAIT)
                .orElseThrow(() -> new AssertionError("exec " + execId + " did not end within " + WAIT));
    }

    String output(String id, String stream) {
        return runtime.logs(id).read(LogQuery.all()).stream().filter(e -> e.stream().equals(stream))
                .map(LogEntry::text).collect(Collectors.joining());
    }

    /** A file of the container's writable layer, as the host sees it (empty if absent). */
    String upperFile(String id, String path) {
        Path p = runtime.dir(id).dir().resolve("upper").resolve(path.substring(1));
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) until the container's writable layer has {@code path}. */
    String awaitUpperFile(String id, String path) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String s = upperFile(id, path);
            if (!s.isEmpty()) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + path + " in container " + id + " within " + WAIT);
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

    private static Path compileProbe(Path out) {
        List<String> cmd = List.of("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-std=gnu11", "-static",
                "-o", out.toString(), SOURCE.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("gcc timed out: " + String.join(" ", cmd));
                }
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new AssertionError("gcc failed: " + String.join(" ", cmd) + "\n" + log);
                }
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run gcc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling the probe", e);
        }
        return out;
    }
}
