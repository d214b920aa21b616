package io.jcompose.orchestrator.cli;

import picocli.CommandLine;

/** Entry point of the {@code jcompose} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (for tests). */
    public static int run(String... args) {
        ExitCodes handler = new ExitCodes();
        CommandLine cmd = new CommandLine(new JcomposeCommand())
                .setExecutionExceptionHandler(handler)
                .setExitCodeExceptionMapper(handler)
                .setParameterExceptionHandler(handler)
                .setCaseInsensitiveEnumValuesAllowed(true);
        return cmd.execute(args);
    }
}
