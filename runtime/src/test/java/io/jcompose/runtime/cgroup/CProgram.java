package io.jcompose.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Compiles and runs the C test programs next to these tests, with bounded waits. */
final class CProgram {
    /** The launcher's C sources, relative to the runtime module (Maven's working directory). */
    static final Path LAUNCHER = Path.of("launcher").toAbsolutePath();
    /** The C test programs' directory. */
    static final Path TESTS = Path.of("src/test/java/io/jcompose/runtime/cgroup").toAbsolutePath();

    private CProgram() {}

    /** Runs gcc with {@code args}; fails with gcc's output when it does not succeed. */
    static void gcc(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-std=gnu11"));
        command.addAll(args);
        Run run = run(command, Duration.ofSeconds(60));
        if (run.exitCode() != 0) {
            throw new AssertionError("gcc failed: " + String.join(" ", command) + "\n" + run.output());
        }
    }

    /** Output (stdout and stderr together) and exit code of a finished command. */
    record Run(int exitCode, String output) {
        /** The "name=value" lines of the output. */
        Map<String, String> results() {
            Map<String, String> map = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return map;
        }
    }

    static Run run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
