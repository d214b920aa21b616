package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import io.jcompose.model.internal.yaml.YamlSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every compose file of a golden case that should load (and every example) is valid against the
 * official Compose JSON schema (draft 2020-12, a copy of compose-spec/compose-spec's schema), so the
 * test inputs are real Compose and not only what jcompose accepts.
 */
class SchemaValidationTest {
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        var url = SchemaValidationTest.class.getResource("/compose-spec.json");
        try (InputStream in = url.openStream()) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(SchemaLocation.of(url.toURI().toString()), in, InputFormat.JSON);
        }
    }

    static Stream<Path> validInputs() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (GoldenCase c : GoldenCase.all().toList()) {
            if (!c.valid()) {
                continue;
            }
            try (Stream<Path> files = Files.walk(c.dir())) {
                files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().startsWith("expected"))
                        .sorted().forEach(out::add);
            }
        }
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        if (Files.isDirectory(examples)) {
            try (Stream<Path> files = Files.walk(examples)) {
                files.filter(f -> f.getFileName().toString().matches("(docker-)?compose.*\\.ya?ml"))
                        .filter(f -> !f.toString().contains("/target/")).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validInputs")
    void inputIsValidAgainstTheComposeSchema(Path file) throws IOException {
        for (Node doc : YamlSource.parse(file, Files.readString(file))) {
            var errors = schema.validate(json(doc));
            assertThat(errors).as(file.toString()).isEmpty();
        }
    }

    static Stream<GoldenCase> validCases() throws IOException {
        return GoldenCase.all().filter(GoldenCase::valid);
    }

    /** What {@code config} prints is itself a valid Compose file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void configOutputIsValidAgainstTheComposeSchema(GoldenCase c) {
        String out = c.actual("yaml");
        for (Node doc : YamlSource.parse(Path.of("output.yaml"), out)) {
            assertThat(schema.validate(json(doc))).as(c.name()).isEmpty();
        }
    }

    static JsonNode json(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MapNode m) {
            ObjectNode o = f.objectNode();
            // "!reset" entries are removed by the merge before Compose validates the model
            m.entries().forEach((k, v) -> {
                if (!v.tag().equals("!reset")) {
                    o.set(k, json(v));
                }
            });
            return o;
        }
        if (node instanceof SeqNode s) {
            ArrayNode a = f.arrayNode();
            s.items().forEach(i -> a.add(json(i)));
            return a;
        }
        ScalarNode sc = (ScalarNode) node;
        switch (sc.kind()) {
            case NULL:
                return f.nullNode();
            case BOOL:
                return f.booleanNode(sc.value().equalsIgnoreCase("true"));
            case INT:
                try {
                    return f.numberNode(Long.decode(sc.value().replace("0o", "0")));
                } catch (NumberFormatException e) {
                    return f.textNode(sc.value());
                }
            case FLOAT:
                return f.numberNode(Double.parseDouble(sc.value()));
            default:
                return f.textNode(sc.value());
        }
    }
}
