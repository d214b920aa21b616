package io.jcompose.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jcompose version}: prints the version like {@code docker compose version}. */
@Command(name = "version", description = "Show the jcompose version information")
public final class VersionCommand implements Callable<Integer> {
    /** The version of this build. */
    static final String VERSION = "0.1.0-SNAPSHOT";

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output. Values: [pretty | json]")
    String format = "pretty";

    @Option(names = "--short", description = "Shows only the version number")
    boolean shortForm;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (shortForm) {
            spec.commandLine().getOut().println(VERSION);
        } else if (format.equals("json")) {
            spec.commandLine().getOut().println("{\"version\":\"v" + VERSION + "\"}");
        } else {
            spec.commandLine().getOut().println("jcompose version v" + VERSION);
        }
        return 0;
    }

    /** Answers {@code jcompose --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jcompose version v" + VERSION};
        }
    }
}
