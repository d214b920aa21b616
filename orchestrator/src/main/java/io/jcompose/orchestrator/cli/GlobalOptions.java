package io.jcompose.orchestrator.cli;

import io.jcompose.model.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.jcompose.errors.UsageException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options every {@code jcompose} command shares, as in {@code docker compose}; accepted before or after the verb. */
public final class GlobalOptions {
    @Option(scope = ScopeType.INHERIT, names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose configuration files (\"-\" reads stdin)")
    List<String> files = new ArrayList<>();

    @Option(scope = ScopeType.INHERIT, names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name")
    String projectName;

    @Option(scope = ScopeType.INHERIT, names = "--profile", paramLabel = "PROFILE", description = "Specify a profile to enable")
    List<String> profiles = new ArrayList<>();

    @Option(scope = ScopeType.INHERIT, names = "--env-file", paramLabel = "FILE", description = "Specify an alternate environment file")
    List<String> envFiles = new ArrayList<>();

    @Option(scope = ScopeType.INHERIT, names = "--project-directory", paramLabel = "DIR",
            description = "Specify an alternate working directory (default: the path of the first Compose file)")
    String projectDirectory;

    @Option(scope = ScopeType.INHERIT, names = "--ansi", paramLabel = "WHEN", defaultValue = "auto",
            description = "Control when to print ANSI control characters (never|always|auto)")
    String ansi;

    @Option(scope = ScopeType.INHERIT, names = "--debug", description = "Show stack traces and debug output")
    boolean debug;

    /** The load options these flags describe, in the current process environment. */
    LoadOptions toLoadOptions() {
        if (!List.of("never", "always", "auto").contains(ansi)) {
            throw new UsageException("invalid --ansi value \"" + ansi + "\": use never, always or auto");
        }
        Path cwd = Path.of("").toAbsolutePath();
        return LoadOptions.in(cwd)
                .withFiles(files)
                .withProjectName(Optional.ofNullable(projectName))
                .withProfiles(profiles)
                .withEnvFiles(envFiles)
                .withProjectDirectory(Optional.ofNullable(projectDirectory).map(cwd::resolve))
                .withEnvironment(Map.copyOf(System.getenv()))
                .withStdin(GlobalOptions::readStdin);
    }

    private static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
