package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests per spec area: each case's compose files load to exactly the expected
 * {@code docker compose config} output (YAML and/or JSON), or fail with exactly the expected
 * diagnostics.
 */
class GoldenTest {
    static Stream<GoldenCase> cases() throws IOException {
        return GoldenCase.all();
    }

    /**
     * With {@code -Dgolden.write=true}, a case without an expected file gets one written from the
     * current output into the source tree, for review before it is committed.
     */
    @org.junit.jupiter.api.Test
    void writeMissingExpectations() throws IOException {
        if (!Boolean.getBoolean("golden.write")) {
            return;
        }
        for (GoldenCase c : GoldenCase.all().toList()) {
            java.nio.file.Path src = java.nio.file.Path.of(c.dir().toString().replace("target/test-classes", "src/test/resources"));
            if (c.expected("expected.yaml").isEmpty() && c.expected("expected.json").isEmpty()
                    && c.expected("expected.err").isEmpty()) {
                String format = c.props().getProperty("format", "yaml");
                String out = c.actual(format).replace(c.dir().toString(), "{dir}");
                boolean error = out.contains(": error: ") || out.startsWith("invalid project name");
                java.nio.file.Files.writeString(src.resolve(error ? "expected.err" : "expected." + format), out);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesExpectedOutput(GoldenCase c) {
        boolean checked = false;
        if (c.expected("expected.yaml").isPresent()) {
            assertThat(c.actual("yaml")).isEqualTo(c.expected("expected.yaml").get());
            checked = true;
        }
        if (c.expected("expected.json").isPresent()) {
            assertThat(c.actual("json")).isEqualTo(c.expected("expected.json").get());
            checked = true;
        }
        if (c.expected("expected.err").isPresent()) {
            assertThat(c.actual("yaml")).isEqualTo(c.expected("expected.err").get());
            checked = true;
        }
        assertThat(checked).as("case has an expected file").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputLoadsBackToTheSameProject(GoldenCase c) throws IOException {
        if (!c.valid() || "false".equals(c.props().getProperty("interpolate"))) {
            return;
        }
        String once = c.actual("yaml");
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("roundtrip");
        try {
            java.nio.file.Path f = tmp.resolve("compose.yaml");
            java.nio.file.Files.writeString(f, once.replace("$", "$$"));
            LoadOptions o = c.options().withFiles(java.util.List.of(f.toString()))
                    .withProjectDirectory(java.util.Optional.of(c.dir()));
            assertThat(ConfigRenderer.yaml(ProjectLoader.load(o))).isEqualTo(once);
        } finally {
            try (var s = java.nio.file.Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
