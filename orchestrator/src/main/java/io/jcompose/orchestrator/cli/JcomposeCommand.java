package io.jcompose.orchestrator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code jcompose} top-level command: global options and the list of verbs. */
@Command(name = "jcompose", mixinStandardHelpOptions = false, versionProvider = VersionCommand.Provider.class,
        description = "Define and run multi-container applications with jcompose's own container engine.",
        subcommands = {ConfigCommand.class, VersionCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class JcomposeCommand implements Runnable {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @CommandLine.Option(names = {"-v", "--version"}, versionHelp = true, description = "Show the version and exit")
    boolean version;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
