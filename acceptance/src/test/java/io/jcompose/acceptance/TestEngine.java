package io.jcompose.acceptance;

import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.Network;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code jcompose engine} as a child process, listening where {@code DOCKER_HOST} points (the failsafe
 * configuration sets it, so Testcontainers and docker-java find the engine exactly as they find a Docker
 * daemon), with a state directory of its own under a short /tmp directory. {@link #close} removes every
 * container and user network it has, stops it, unmounts and reports anything left under its directory, and
 * deletes the directory.
 */
final class TestEngine implements AutoCloseable {
    /**
     * The socket when DOCKER_HOST is not a unix socket (a run outside Maven). It sits in a directory of its own:
     * the engine keeps its shim sockets and network namespaces beside the socket.
     */
    static final Path FALLBACK_SOCKET = Path.of("/tmp/jcompose-acceptance/engine.sock");

    final Path dir;
    final Path socket;
    /**
     * The engine's network instance (two letters naming its bridges, veths and firewall chains): random, as the
     * network module removes the links of its instance that it does not know, and runs may overlap on a host.
     */
    private final String instance;
    final Path log;
    private final Process process;

    private TestEngine(Path dir, Path socket, Process process, String instance) {
        this.dir = dir;
        this.instance = instance;
        this.socket = socket;
        this.log = dir.resolve("engine.log");
        this.process = process;
    }

    /** The socket DOCKER_HOST names ({@code unix://PATH}). */
    static Path socket() {
        String host = System.getenv("DOCKER_HOST");
        return host != null && host.startsWith("unix://") ? Path.of(host.substring("unix://".length())) : FALLBACK_SOCKET;
    }

    /** The {@code DOCKER_HOST} value of {@link #socket()}. */
    static String dockerHost() {
        return "unix://" + socket();
    }

    /** Starts an engine on {@link #socket()} and waits (at most 60 s) until it answers {@code /_ping}. */
    static TestEngine start() throws IOException {
        Path socket = socket();
        if (Files.exists(socket) && ApiServer.answers(socket)) {
            throw new IllegalStateException("an engine already answers on " + socket + "; stop it first");
        }
        Files.createDirectories(socket.getParent());
        String instance = io.jcompose.testing.NetworkInstances.unused();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jca-");
        Path log = dir.resolve("engine.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(EngineBinaries.jvmFlags());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.jcompose.engine.cli.EngineMain", "--socket", socket.toString(),
                "--state-dir", dir.resolve("state").toString(), "--debug", "--ephemeral", "--network-instance", instance));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        TestEngine engine = new TestEngine(dir, socket, p, instance);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (!(Files.exists(socket) && ApiServer.answers(socket))) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("engine exited with " + p.exitValue() + ": " + engine.logText());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("engine did not answer within 60 s: " + engine.logText());
                }
                Thread.sleep(50);
            }
        } catch (RuntimeException | InterruptedException e) {
            try {
                engine.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof InterruptedException ie ? new IllegalStateException(ie) : (RuntimeException) e;
        }
        return engine;
    }


    /** Writes the busybox test image archive ({@link TestImages#BUSYBOX}) and returns its path. */
    Path busyboxArchive() throws IOException {
        return TestImages.busybox(Files.createDirectories(dir.resolve("img")));
    }

    /** A fresh directory under the engine's directory (deleted with it). */
    Path newDir(String name) throws IOException {
        return Files.createDirectories(dir.resolve("work").resolve(name));
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
            if (process.isAlive()) {
                EngineClient c = EngineClient.of(socket);
                for (ContainerSummary s : c.listContainers(ContainerListQuery.all(Filters.NONE))) {
                    try {
                        c.removeContainer(s.id(), true, true);
                    } catch (RuntimeException e) {
                        first = add(first, e);
                    }
                }
                for (Network n : c.listNetworks(Filters.NONE)) {
                    if (!List.of("bridge", "host", "none").contains(n.name())) {
                        try {
                            c.removeNetwork(n.id());
                        } catch (RuntimeException e) {
                            first = add(first, e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            first = add(first, e);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        keepLog();
        // the engine's own network namespace directory is a bind mount of itself (like /run/netns): expected
        Path netns = socket.getParent().resolve("net/netns");
        for (Path d : List.of(dir, socket.getParent())) {
            List<String> left = new ArrayList<>(EngineBinaries.mountsUnder(d));
            boolean leak = left.stream().anyMatch(m -> !m.equals(netns.toString()));
            for (String m : left) {
                new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
            }
            if (leak) {
                first = add(first, new IllegalStateException("mounts left under " + d + ": " + left));
            }
            first = deleteTree(d, first);
        }
        // --ephemeral removes the engine's networks when it stops; a bridge left over is a leak
        List<String> bridges = bridges(instance);
        for (String bridge : bridges) {
            new ProcessBuilder("ip", "link", "del", bridge).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
        if (!bridges.isEmpty()) {
            first = add(first, new IllegalStateException("bridges left: " + bridges));
        }
        if (first != null) {
            throw first;
        }
    }

    /** Copies the engine's log to {@code target/engine-logs/} (the working directory is the module's). */
    private void keepLog() {
        Path target = Path.of("target");
        if (Files.isDirectory(target) && Files.exists(log)) {
            try {
                Path logs = Files.createDirectories(target.resolve("engine-logs"));
                Files.copy(log, logs.resolve(dir.getFileName() + ".log"));
            } catch (IOException e) {
                // the log is a debugging aid; the test result does not depend on it
            }
        }
    }

    private static Exception deleteTree(Path d, Exception first) throws IOException {
        if (!Files.exists(d) || !EngineBinaries.mountsUnder(d).isEmpty()) {
            return first;
        }
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            return add(first, e);
        }
        return first;
    }

    /** The bridges of network instance {@code instance} ({@code xx-…}) on the host. */
    static List<String> bridges(String instance) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(instance + "-"))
                    .filter(n -> Files.isDirectory(Path.of("/sys/class/net", n, "bridge"))).forEach(out::add);
        }
        return out;
    }

    private static Exception add(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Mount points at or under {@code dir}, from /proc/self/mountinfo, deepest first. */
}
