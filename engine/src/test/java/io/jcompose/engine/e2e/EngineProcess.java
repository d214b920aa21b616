package io.jcompose.engine.e2e;

import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.engine.server.ApiServer;
import io.jcompose.testing.EngineBinaries;
import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code jcompose engine} as a child process on a socket and state directory of its own (under a short
 * /tmp directory: unix socket paths are limited to 107 bytes). {@link #close} removes every container it
 * ran, stops it, checks nothing is left mounted under its directory and deletes the directory.
 */
final class EngineProcess implements AutoCloseable {
    final Path dir;
    final Path socket;
    final Path state;
    final Path log;
    private Process process;
    /**
     * The network instance of this engine: random, because a network module that opens with an instance
     * removes that instance's links it does not know, and test runs may overlap on a shared host; one whose
     * bridges or veths are on the host already (another run's) is not picked.
     */
    private final String instance = io.jcompose.testing.NetworkInstances.unused();

    private EngineProcess(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("e.sock");
        this.state = dir.resolve("state");
        this.log = dir.resolve("engine.log");
    }

    static EngineProcess start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jce-");
        EngineProcess e = new EngineProcess(dir);
        try {
            e.launch();
        } catch (IOException | RuntimeException failed) {
            try {
                e.close();
            } catch (Exception cleanup) {
                failed.addSuppressed(cleanup);
            }
            throw failed;
        }
        return e;
    }


    void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(EngineBinaries.jvmFlags());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.jcompose.engine.cli.EngineMain", "--socket", socket.toString(), "--state-dir", state.toString(),
                "--debug", "--ephemeral", "--network-instance", instance));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(socket) && ApiServer.answers(socket))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("engine exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("engine did not answer within 60 s: " + Files.readString(log));
            }
            sleep(50);
        }
    }

    EngineClient client() {
        return EngineClient.of(socket);
    }

    /** Loads the busybox test image; returns its tag. */
    String loadBusybox() throws IOException {
        Path tar = TestImages.busybox(Files.createDirectories(dir.resolve("img")));
        try (var in = Files.newInputStream(tar)) {
            client().loadImages(in);
        }
        return TestImages.BUSYBOX;
    }

    /** SIGKILL, as a crash would. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A new engine over the same state (after {@link #kill9}). */
    void restart() throws IOException {
        launch();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        try {
            if (process != null && process.isAlive()) {
                EngineClient c = client();
                for (ContainerSummary s : c.listContainers(ContainerListQuery.all(Filters.NONE))) {
                    try {
                        c.removeContainer(s.id(), true, true);
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
            }
        } catch (RuntimeException e) {
            first = e;
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
        // the network module keeps its netns directory bind-mounted across engine restarts, by design
        Path netns = dir.resolve("net/netns");
        if (EngineBinaries.mountsUnder(dir).contains(netns.toString())) {
            new ProcessBuilder("umount", netns.toString()).inheritIO().start().waitFor();
        }
        List<String> left = EngineBinaries.mountsUnder(dir);
        if (!left.isEmpty()) {
            for (String m : left) {
                new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor();
            }
            IllegalStateException leak = new IllegalStateException("mounts left under " + dir + ": " + left);
            if (first == null) {
                first = leak;
            } else {
                first.addSuppressed(leak);
            }
        }
        if (EngineBinaries.mountsUnder(dir).isEmpty()) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Mount points at or under {@code dir}, from /proc/self/mountinfo, deepest first. */
}
