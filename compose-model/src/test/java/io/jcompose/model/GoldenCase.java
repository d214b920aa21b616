package io.jcompose.model;

import io.jcompose.errors.ComposeFileException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One golden case under {@code src/test/resources/golden/<area>/<case>/}: compose files, an
 * optional {@code case.properties} (files, profiles, project, project_directory, env_files,
 * interpolate, env.NAME), and the expected {@code expected.yaml}, {@code expected.json} or
 * {@code expected.err} (diagnostics), where {@code {dir}} stands for the case directory.
 */
record GoldenCase(String name, Path dir, Properties props) {
    static Path root() {
        try {
            return Path.of(GoldenCase.class.getResource("/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<GoldenCase> all() throws IOException {
        List<GoldenCase> out = new ArrayList<>();
        try (Stream<Path> areas = Files.list(root())) {
            for (Path area : areas.sorted().toList()) {
                try (Stream<Path> cases = Files.list(area)) {
                    for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                        out.add(of(area.getFileName() + "/" + c.getFileName(), c));
                    }
                }
            }
        }
        return out.stream();
    }

    static GoldenCase of(String name, Path dir) throws IOException {
        Properties p = new Properties();
        Path props = dir.resolve("case.properties");
        if (Files.exists(props)) {
            p.load(new StringReader(Files.readString(props)));
        }
        return new GoldenCase(name, dir, p);
    }

    LoadOptions options() {
        Map<String, String> env = new LinkedHashMap<>();
        props.stringPropertyNames().stream().filter(k -> k.startsWith("env.")).forEach(k -> env.put(k.substring(4), props.getProperty(k)));
        env.put("HOME", "/home/user");
        LoadOptions o = LoadOptions.in(dir).withEnvironment(env).withFiles(list("files"))
                .withProfiles(list("profiles")).withEnvFiles(list("env_files"))
                .withProjectName(Optional.ofNullable(props.getProperty("project")))
                .withInterpolation(!"false".equals(props.getProperty("interpolate")));
        if (props.getProperty("project_directory") != null) {
            o = o.withProjectDirectory(Optional.of(dir.resolve(props.getProperty("project_directory"))));
        }
        return o;
    }

    private List<String> list(String key) {
        String v = props.getProperty(key, "");
        return v.isBlank() ? List.of() : Arrays.stream(v.split(",")).map(String::strip).toList();
    }

    /** The text the loader produces: config output or rendered diagnostics. */
    String actual(String format) {
        try {
            Project p = ProjectLoader.load(options());
            if ("false".equals(props.getProperty("interpolate"))) {
                return format.equals("json") ? ConfigRenderer.jsonModel(p) + "\n" : ConfigRenderer.yamlModel(p);
            }
            return format.equals("json") ? ConfigRenderer.json(p) + "\n" : ConfigRenderer.yaml(p);
        } catch (ComposeFileException | io.jcompose.errors.UsageException e) {
            return e.getMessage() + "\n";
        }
    }

    Optional<String> expected(String file) {
        Path f = dir.resolve(file);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8).replace("{dir}", dir.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean valid() {
        return !Files.exists(dir.resolve("expected.err"));
    }

    @Override
    public String toString() {
        return name;
    }
}
