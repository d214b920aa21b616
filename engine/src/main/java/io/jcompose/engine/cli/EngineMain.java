package io.jcompose.engine.cli;

import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.engine.local.LocalEngine;
import io.jcompose.engine.server.ApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jcompose engine}: runs the engine daemon in the foreground; {@code start} runs it in the background;
 * {@code status} and {@code stop} talk to a running one. Socket and state directory come from the flags, else {@code JCOMPOSE_ENGINE_SOCKET} and
 * {@code JCOMPOSE_STATE_DIR}, else {@code /run/jcompose/engine.sock} and {@code /var/lib/jcompose}.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, version = "jcompose engine " + "0.1.0",
        description = "Run the jcompose engine (a Docker-compatible API on a unix socket) in the foreground.",
        subcommands = {EngineStart.class, EngineMain.Status.class, EngineMain.Stop.class})
public final class EngineMain implements Callable<Integer> {
    static final String DEFAULT_SOCKET = "/run/jcompose/engine.sock";
    static final String DEFAULT_STATE = "/var/lib/jcompose";

    @Option(names = "--socket", description = "unix socket to listen on (default: $JCOMPOSE_ENGINE_SOCKET or " + DEFAULT_SOCKET + ")")
    String socket;

    @Option(names = "--state-dir", description = "state directory (default: $JCOMPOSE_STATE_DIR or " + DEFAULT_STATE + ")")
    String state;

    @Option(names = "--debug", description = "log every request and decision")
    boolean debug;

    @Option(names = "--network-instance", description = "two letters naming this engine's bridges, veths and"
            + " firewall chains (default: $JCOMPOSE_NETWORK_INSTANCE or jc)")
    String networkInstance;

    @Option(names = "--ephemeral", description = "on shutdown, remove every network and its host state"
            + " (for tests and benchmarks; containers should be removed first)")
    boolean ephemeral;

    static Path socketOf(String flag) {
        return Path.of(flag != null ? flag : env("JCOMPOSE_ENGINE_SOCKET", DEFAULT_SOCKET)).toAbsolutePath();
    }

    static Path stateOf(String flag) {
        return Path.of(flag != null ? flag : env("JCOMPOSE_STATE_DIR", DEFAULT_STATE)).toAbsolutePath();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new EngineMain());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("jcompose engine: " + ex.getMessage());
            if (Boolean.getBoolean("jcompose.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /**
     * The daemon logs through SLF4J (slf4j-simple on stderr): one line per event, "date time LEVEL logger - message".
     * Must run before the first logger is created; {@code --debug} turns on jcompose's DEBUG lines.
     */
    static void configureLogging(boolean debug) {
        String p = "org.slf4j.simpleLogger.";
        System.setProperty(p + "showDateTime", "true");
        System.setProperty(p + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty(p + "showThreadName", "false");
        System.setProperty(p + "levelInBrackets", "false");
        System.setProperty(p + "defaultLogLevel", "info");
        System.setProperty(p + "log.io.jcompose", debug ? "debug" : "info");
        if (debug) {
            System.setProperty("jcompose.debug", "true");
        }
    }

    @Override
    public Integer call() throws Exception {
        configureLogging(debug);
        Path sock = socketOf(socket);
        Path stateDir = stateOf(state);
        try {
            Files.createDirectories(stateDir);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot use the state directory " + stateDir + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        }
        Path shimSockets = sock.getParent().resolve("c");
        String instance = networkInstance != null ? networkInstance : env("JCOMPOSE_NETWORK_INSTANCE", "jc");
        LocalEngine engine = LocalEngine.open(stateDir, shimSockets, instance);
        ApiServer server;
        try {
            server = ApiServer.start(sock, engine);
        } catch (IOException e) {
            engine.close();
            throw e;
        }
        Path pidFile = Path.of(sock + ".pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.getLogger("io.jcompose.engine").log(System.Logger.Level.INFO,
                    "shutting down; containers keep running");
            server.close();
            if (ephemeral) {
                engine.closeAndRemoveNetworks();
            } else {
                engine.close();
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort
            }
            done.countDown();
        }, "engine-shutdown"));
        System.getLogger("io.jcompose.engine").log(System.Logger.Level.INFO,
                "jcompose engine {0} ready: DOCKER_HOST=unix://{1}, state in {2}", "0.1.0", sock, stateDir);
        done.await();
        return 0;
    }

    /** {@code jcompose engine status}. */
    @Command(name = "status", description = "Say whether an engine answers on the socket.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--socket", description = "the engine's socket")
        String socket;

        @Override
        public Integer call() {
            Path sock = socketOf(socket);
            try {
                String api = EngineClient.of(sock).ping();
                System.out.println("jcompose engine is running on unix://" + sock + " (API " + api + ")");
                return 0;
            } catch (RuntimeException e) {
                System.out.println("jcompose engine is not running on unix://" + sock);
                return 1;
            }
        }
    }

    /** {@code jcompose engine stop}. */
    @Command(name = "stop", description = "Stop the engine that listens on the socket (containers keep running).")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--socket", description = "the engine's socket")
        String socket;

        @Override
        public Integer call() throws Exception {
            Path sock = socketOf(socket);
            Path pidFile = Path.of(sock + ".pid");
            if (!Files.exists(pidFile) || !ApiServer.answers(sock)) {
                System.out.println("jcompose engine is not running on unix://" + sock);
                return 1;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            var handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                System.out.println("jcompose engine is not running (stale pid file " + pidFile + ")");
                return 1;
            }
            handle.get().destroy();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (handle.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (handle.get().isAlive()) {
                System.out.println("jcompose engine (pid " + pid + ") did not stop within 20 s");
                return 1;
            }
            System.out.println("jcompose engine stopped");
            return 0;
        }
    }
}
