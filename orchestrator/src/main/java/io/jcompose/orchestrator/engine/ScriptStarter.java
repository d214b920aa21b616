package io.jcompose.orchestrator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the engine with {@code <jcompose home>/jcompose engine start}, which daemonizes it. */
record ScriptStarter(Path home) implements EngineConnector.Starter {
    @Override
    public void start(Path socket) throws IOException {
        Path script = home.resolve("jcompose");
        if (!Files.isExecutable(script)) {
            throw new IOException("cannot start the jcompose engine: " + script + " is missing; start it with"
                    + " `jcompose engine start`");
        }
        Process p = new ProcessBuilder(List.of(script.toString(), "engine", "start", "--socket", socket.toString()))
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException("`jcompose engine start` did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the engine", e);
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.exitValue() != 0) {
            throw new IOException("cannot start the jcompose engine: " + out);
        }
    }
}
