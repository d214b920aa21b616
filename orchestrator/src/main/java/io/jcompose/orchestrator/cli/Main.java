package io.jcompose.orchestrator.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code jcompose} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given output streams and returns the exit status (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        ExitCodes handler = new ExitCodes();
        CommandLine cmd = new CommandLine(new JcomposeCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(handler)
                .setExitCodeExceptionMapper(handler)
                .setParameterExceptionHandler(handler);
        return cmd.execute(args);
    }
}
