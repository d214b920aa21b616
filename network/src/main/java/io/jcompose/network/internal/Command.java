package io.jcompose.network.internal;

import io.jcompose.network.NetworkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one host command with optional standard input and a bounded wait. */
public final class Command {

    /** What a finished command returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private static final long TIMEOUT_SECONDS = 20;

    private Command() {}

    /** Runs {@code argv}, feeding {@code stdin} (may be empty), and returns its result. */
    public static Result run(List<String> argv, String stdin) {
        return run(argv, stdin, false);
    }

    /**
     * As {@link #run(List, String)}, with stderr merged into stdout: for a program that answers on stdout, this
     * spares the thread that reads stderr (about 0.2 ms a call).
     */
    static Result runMerged(List<String> argv, String stdin) {
        return run(argv, stdin, true);
    }

    private static Result run(List<String> argv, String stdin, boolean merged) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(merged);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST,
                    "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = null;
            if (!merged) {
                errReader = new Thread(() -> copy(p.getErrorStream(), err), "cmd-stderr");
                errReader.setDaemon(true);
                errReader.start();
            }
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the command did not read its input; its exit code tells the rest
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NetworkException(NetworkException.Kind.HOST,
                        String.join(" ", argv) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            if (errReader != null) {
                errReader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new NetworkException(NetworkException.Kind.HOST, String.join(" ", argv) + ": interrupted", e);
        }
    }

    /** Runs {@code argv} and fails with its stderr when it exits non-zero. */
    public static String check(List<String> argv, String stdin, String what) {
        Result r = run(argv, stdin);
        if (!r.ok()) {
            throw new NetworkException(NetworkException.Kind.HOST,
                    what + " failed: " + (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip()));
        }
        return r.stdout();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process went away; what was read is kept
        }
    }
}
