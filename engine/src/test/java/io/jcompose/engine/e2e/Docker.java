package io.jcompose.engine.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real docker CLI pointed at a test engine: every command bounded by a timeout. */
final class Docker {
    private final Path socket;
    private final String binary;

    /** A command's outcome. */
    record Result(int code, String out, String err) {
        String text() {
            return out + err;
        }
    }

    Docker(Path socket) {
        this.socket = socket;
        this.binary = find();
    }

    static String find() {
        String chosen = System.getProperty("jcompose.docker", "");
        if (!chosen.isEmpty()) {
            return chosen;
        }
        for (String p : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("the docker CLI is not installed (looked in /usr/local/bin and /usr/bin);"
                + " install Debian's docker.io for its client");
    }

    Result run(String... args) {
        return run(60, args);
    }

    Result run(int timeoutSeconds, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        return exec(cmd, null, timeoutSeconds);
    }

    /** Runs {@code docker ARGS} under {@code script}, so the CLI has a terminal (for -t). */
    Result runWithTty(String input, String... args) {
        return runWithTtySized(0, 0, input, args);
    }

    /** {@code docker ARGS} on a terminal of {@code rows} x {@code cols} (0: script's default, 0x0). */
    Result runWithTtySized(int rows, int cols, String input, String... args) {
        StringBuilder line = new StringBuilder(rows > 0 ? "stty rows " + rows + " cols " + cols + "; " : "").append(binary);
        for (String a : args) {
            line.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        return exec(List.of("script", "-qec", line.toString(), "/dev/null"), input, 60);
    }

    /** Starts {@code docker ARGS} without waiting (logs -f, events). */
    Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        return pb.start();
    }

    private Result exec(List<String> cmd, String input, int timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("DOCKER_HOST", "unix://" + socket);
            pb.environment().remove("DOCKER_CONTEXT");
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
            }
            if (input == null || !cmd.get(0).equals("script")) {
                p.getOutputStream().close();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
            }
            p.getOutputStream().close();
            o.join(5000);
            e.join(5000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new IllegalStateException("cannot run " + cmd + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
