package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.LoadOptions;
import io.jcompose.model.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what a project is made of before any compose file is read: the compose files ({@code -f},
 * {@code COMPOSE_FILE}, or discovery upwards from the working directory with its override file),
 * the project directory, and the environment ({@code --env-file}, {@code COMPOSE_ENV_FILES} or
 * {@code .env}, under the process environment, which wins).
 *
 * @param files       the compose files, absolute (stdin as {@code -} under the working directory)
 * @param projectDir  the project directory
 * @param environment the interpolation environment
 * @param warnings    notes for standard error (several candidate files found)
 */
public record ProjectSources(List<Path> files, Path projectDir, Map<String, String> environment,
                             List<String> warnings) {
    /** The standard input pseudo-file. */
    public static final String STDIN = "-";
    private static final List<String> DEFAULT_FILES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    private static final List<String> OVERRIDE_FILES = List.of("compose.override.yml", "compose.override.yaml",
            "docker-compose.override.yml", "docker-compose.override.yaml");

    /** Resolves files, directory and environment from the options. */
    public static ProjectSources of(LoadOptions o, java.util.function.Function<Path, String> reader) {
        Path cwd = o.workingDirectory();
        List<String> named = o.files();
        Path firstDir = named.isEmpty() || named.get(0).equals(STDIN) ? cwd
                : cwd.resolve(named.get(0)).toAbsolutePath().normalize().getParent();
        Path envDir = o.projectDirectory().map(cwd::resolve).orElse(firstDir).normalize();
        Map<String, String> env = environment(o, envDir, reader);
        List<Path> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (named.isEmpty() && env.containsKey("COMPOSE_FILE") && !env.get("COMPOSE_FILE").isEmpty()) {
            String sep = env.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            named = Arrays.stream(env.get("COMPOSE_FILE").split(java.util.regex.Pattern.quote(sep)))
                    .filter(s -> !s.isEmpty()).toList();
        }
        if (named.isEmpty()) {
            files.addAll(discover(o.projectDirectory().map(cwd::resolve).orElse(cwd).normalize(), warnings));
        } else {
            for (String f : named) {
                Path p = f.equals(STDIN) ? Path.of(STDIN) : cwd.resolve(f).toAbsolutePath().normalize();
                if (!f.equals(STDIN) && !Files.exists(p)) {
                    throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(p), KeyPath.root(),
                            "no such file or directory", "check the path given with -f or COMPOSE_FILE"));
                }
                files.add(p);
            }
        }
        Path projectDir = o.projectDirectory().map(cwd::resolve)
                .orElse(files.get(0).getParent() == null ? cwd : files.get(0).getParent()).toAbsolutePath().normalize();
        return new ProjectSources(List.copyOf(files), projectDir, env, List.copyOf(warnings));
    }

    private static Map<String, String> environment(LoadOptions o, Path dir,
                                                   java.util.function.Function<Path, String> reader) {
        List<String> names = o.envFiles();
        if (names.isEmpty() && o.environment().containsKey("COMPOSE_ENV_FILES")) {
            names = Arrays.stream(o.environment().get("COMPOSE_ENV_FILES").split(",")).filter(s -> !s.isBlank()).toList();
        }
        List<Path> files = new ArrayList<>();
        if (names.isEmpty()) {
            if (Files.isRegularFile(dir.resolve(".env"))) {
                files.add(dir.resolve(".env"));
            }
        } else {
            for (String n : names) {
                Path p = o.workingDirectory().resolve(n).normalize();
                if (!Files.isRegularFile(p)) {
                    throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(p), KeyPath.root(),
                            "env file not found", "check the path given with --env-file or COMPOSE_ENV_FILES"));
                }
                files.add(p);
            }
        }
        Map<String, String> fromFiles = new LinkedHashMap<>();
        for (Path f : files) {
            fromFiles.putAll(EnvFiles.read(f, reader, k -> Optional.ofNullable(o.environment().get(k))
                    .or(() -> Optional.ofNullable(fromFiles.get(k)))));
        }
        Map<String, String> env = new LinkedHashMap<>(fromFiles);
        env.putAll(o.environment());
        return env;
    }

    private static List<Path> discover(Path start, List<String> warnings) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path d = dir;
            List<String> present = DEFAULT_FILES.stream().filter(n -> Files.isRegularFile(d.resolve(n))).toList();
            if (present.size() > 1) {
                warnings.add("Found multiple config files with supported names: " + String.join(", ", present)
                        + "\nUsing " + present.get(0));
            }
            for (String name : DEFAULT_FILES) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    List<Path> found = new ArrayList<>(List.of(f));
                    OVERRIDE_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().ifPresent(found::add);
                    return found;
                }
            }
        }
        throw ComposeFileException.of(Diagnostic.error(SourceLocation.of(start), KeyPath.root(),
                "no configuration file provided: not found",
                "create compose.yaml here or name a file with -f"));
    }
}
