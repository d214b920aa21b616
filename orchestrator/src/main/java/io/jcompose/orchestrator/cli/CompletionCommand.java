package io.jcompose.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jcompose completion}: prints a bash/zsh completion script ({@code source <(jcompose completion)}). */
@Command(name = "completion", description = "Generate the shell completion script (bash and zsh)")
public final class CompletionCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("jcompose", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
