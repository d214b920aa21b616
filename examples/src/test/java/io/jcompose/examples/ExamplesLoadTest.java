package io.jcompose.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.model.ConfigRenderer;
import io.jcompose.model.LoadOptions;
import io.jcompose.model.Project;
import io.jcompose.model.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example project loads (with its override files and .env) and renders. */
class ExamplesLoadTest {
    static Stream<Path> examples() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("compose.yaml"))).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void loads(Path dir) {
        Project p = ProjectLoader.load(LoadOptions.in(dir).withEnvironment(Map.of("HOME", "/root")).withProfiles(java.util.List.of("*")));
        assertThat(p.services()).isNotEmpty();
        assertThat(p.name()).isEqualTo(ProjectLoader.normalize(p.name()));
        assertThat(ConfigRenderer.yaml(p)).startsWith("name: " + p.name() + "\nservices:\n");
    }
}
