package io.jcompose.engine.cli;

import io.jcompose.engine.server.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jcompose engine start}: the engine as a daemon. It runs in a session of its own (so a closing terminal
 * does not take it down) with its output appended to {@code engine.log} in the state directory; the command
 * returns once the socket answers, or fails with the log's tail when the engine dies first.
 */
@Command(name = "start", description = "Start the engine in the background, unless one already answers on the socket.")
final class EngineStart implements Callable<Integer> {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--socket", description = "unix socket to listen on")
    String socket;

    @Option(names = "--state-dir", description = "state directory")
    String state;

    @Option(names = "--debug", description = "log every request and decision")
    boolean debug;

    @Option(names = "--network-instance", description = "two letters naming this engine's bridges")
    String networkInstance;

    @Option(names = "--ephemeral", description = "on shutdown, remove every network and its host state")
    boolean ephemeral;

    @Override
    public Integer call() throws Exception {
        Path sock = EngineMain.socketOf(socket);
        if (ApiServer.answers(sock)) {
            System.out.println("jcompose engine is already running on unix://" + sock);
            return 0;
        }
        Path stateDir = EngineMain.stateOf(state);
        Files.createDirectories(stateDir);
        Path log = stateDir.resolve("engine.log");
        Process p = new ProcessBuilder(command(sock, stateDir))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ApiServer.answers(sock)) {
                System.out.println("jcompose engine started on unix://" + sock + " (log: " + log + ")");
                return 0;
            }
            if (!p.isAlive() && !ApiServer.answers(sock)) {
                System.err.println("jcompose engine: it exited with status " + p.exitValue() + " before its socket"
                        + " answered; the end of " + log + ":");
                System.err.println(tail(log, 15));
                return 1;
            }
            Thread.sleep(50);
        }
        System.err.println("jcompose engine: no answer on unix://" + sock + " within " + READY_TIMEOUT.toSeconds()
                + " s; see " + log);
        return 1;
    }

    /** This JVM's own java and class path, in a new session ({@code setsid}) so it outlives this command. */
    private List<String> command(Path sock, Path stateDir) {
        List<String> cmd = new ArrayList<>(List.of("setsid",
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            // jnr's jffi uses sun.misc.Unsafe: allowed explicitly so that newer JDKs log no warning for it
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        for (String prop : List.of("jcompose.launcher", "jcompose.init", "jcompose.netns-helper", "jcompose.home")) {
            String v = System.getProperty(prop);
            if (v != null && !v.isEmpty()) {
                cmd.add("-D" + prop + "=" + v);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineMain.class.getName(),
                "--socket", sock.toString(), "--state-dir", stateDir.toString()));
        if (networkInstance != null) {
            cmd.addAll(List.of("--network-instance", networkInstance));
        }
        if (debug) {
            cmd.add("--debug");
        }
        if (ephemeral) {
            cmd.add("--ephemeral");
        }
        return cmd;
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
