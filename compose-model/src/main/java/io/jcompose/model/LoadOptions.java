package io.jcompose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the user told jcompose about where the project is: the global options of the CLI
 * ({@code -f}, {@code -p}, {@code --profile}, {@code --env-file}, {@code --project-directory}) plus
 * the process environment and working directory, passed explicitly so that loading is testable.
 *
 * @param files          {@code -f} values in order; {@code -} reads stdin; empty: COMPOSE_FILE or discovery
 * @param projectDirectory {@code --project-directory}
 * @param projectName    {@code -p}
 * @param profiles       {@code --profile} values (COMPOSE_PROFILES when empty)
 * @param envFiles       {@code --env-file} values (COMPOSE_ENV_FILES, then {@code .env}, when empty)
 * @param interpolate    false for {@code --no-interpolate}
 * @param workingDirectory the directory relative paths on the command line are relative to
 * @param environment    the process environment
 * @param stdin          the content of standard input, read only when a file is {@code -}
 */
public record LoadOptions(List<String> files, Optional<Path> projectDirectory, Optional<String> projectName,
                          List<String> profiles, List<String> envFiles, boolean interpolate, Path workingDirectory,
                          Map<String, String> environment, Supplier<String> stdin) {
    public LoadOptions {
        files = List.copyOf(files);
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(projectName, "projectName");
        profiles = List.copyOf(profiles);
        envFiles = List.copyOf(envFiles);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdin, "stdin");
    }

    /** Options for {@code dir} with nothing set: discovery, {@code .env}, no profiles, an empty environment. */
    public static LoadOptions in(Path dir) {
        return new LoadOptions(List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), true,
                dir.toAbsolutePath().normalize(), Map.of(), () -> "");
    }

    public LoadOptions withFiles(List<String> newFiles) {
        return new LoadOptions(newFiles, projectDirectory, projectName, profiles, envFiles, interpolate,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withEnvironment(Map<String, String> newEnvironment) {
        return new LoadOptions(files, projectDirectory, projectName, profiles, envFiles, interpolate,
                workingDirectory, newEnvironment, stdin);
    }

    public LoadOptions withProfiles(List<String> newProfiles) {
        return new LoadOptions(files, projectDirectory, projectName, newProfiles, envFiles, interpolate,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withProjectName(Optional<String> name) {
        return new LoadOptions(files, projectDirectory, name, profiles, envFiles, interpolate,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withProjectDirectory(Optional<Path> dir) {
        return new LoadOptions(files, dir, projectName, profiles, envFiles, interpolate,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withEnvFiles(List<String> files) {
        return new LoadOptions(this.files, projectDirectory, projectName, profiles, files, interpolate,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withInterpolation(boolean on) {
        return new LoadOptions(files, projectDirectory, projectName, profiles, envFiles, on,
                workingDirectory, environment, stdin);
    }

    public LoadOptions withStdin(Supplier<String> newStdin) {
        return new LoadOptions(files, projectDirectory, projectName, profiles, envFiles, interpolate,
                workingDirectory, environment, newStdin);
    }
}
