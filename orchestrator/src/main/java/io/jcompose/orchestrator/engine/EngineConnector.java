package io.jcompose.orchestrator.engine;

import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.client.EngineClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the CLI reaches its engine: the socket from {@code JCOMPOSE_ENGINE_SOCKET} (default
 * {@code /run/jcompose/engine.sock}); when nothing answers there, the engine is started in the background and
 * the user is told so once.
 */
public final class EngineConnector {
    public static final Path DEFAULT_SOCKET = Path.of("/run/jcompose/engine.sock");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /** Starts an engine that will listen on the socket; returns once it was asked to (it may still be starting). */
    @FunctionalInterface
    public interface Starter {
        void start(Path socket) throws IOException;
    }

    private final Path socket;
    private final Starter starter;
    private final PrintStream err;

    public EngineConnector(Path socket, Starter starter, PrintStream err) {
        this.socket = socket;
        this.starter = starter;
        this.err = err;
    }

    /** The connector the CLI uses: its socket from the environment, {@code jcompose engine start} to start it. */
    public static EngineConnector forCli(PrintStream err) {
        String env = System.getenv("JCOMPOSE_ENGINE_SOCKET");
        Path socket = env == null || env.isBlank() ? DEFAULT_SOCKET : Path.of(env).toAbsolutePath();
        return new EngineConnector(socket, new ScriptStarter(Path.of(System.getProperty("jcompose.home", "."))), err);
    }

    /** A client of the running engine, starting it first when its socket does not answer. */
    public Engine connect() throws IOException {
        if (!answers(socket)) {
            starter.start(socket);
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!answers(socket)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the jcompose engine did not answer on unix://" + socket + " within "
                            + READY_TIMEOUT.toSeconds() + " s of being started (see jcompose engine start)");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the engine", e);
                }
            }
            err.println("jcompose: the engine was not running; started it on unix://" + socket);
        }
        return EngineClient.of(socket);
    }

    public Path socket() {
        return socket;
    }

    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
