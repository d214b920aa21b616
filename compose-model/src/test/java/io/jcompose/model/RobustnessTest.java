package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import io.jcompose.model.internal.yaml.YamlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong input never crashes the loader: every value of a realistic file, replaced in turn by a
 * value of another shape, either loads or fails with a ComposeFileException (which the CLI prints
 * without a stack trace) — never with any other exception.
 */
class RobustnessTest {
    private static final List<String> REPLACEMENTS = List.of("x", "[]", "null", "{a: [1]}");

    @TempDir
    Path dir;

    @Test
    void everyValueReplacedByAnotherShapeFailsCleanly() throws IOException {
        Path source = GoldenCase.root().resolve("all_keys/every_service_key/compose.yaml");
        String text = Files.readString(source);
        MapNode doc = (MapNode) YamlSource.parse(source, text).get(0);
        List<List<String>> paths = new ArrayList<>();
        collect(doc, new ArrayList<>(), paths);
        int loads = 0;
        for (List<String> path : paths) {
            for (String replacement : REPLACEMENTS) {
                MapNode copy = doc.copy();
                Node value = YamlSource.parse(source, "v: " + replacement + "\n").get(0) instanceof MapNode m ? m.get("v") : null;
                replace(copy, path, value);
                Files.writeString(dir.resolve("compose.yaml"), render(copy));
                try {
                    ProjectLoader.load(LoadOptions.in(dir).withEnvironment(Map.of("HOME", "/root")).withProfiles(List.of("*")));
                } catch (ComposeFileException expected) {
                    assertThat(expected.diagnostics()).isNotEmpty();
                } catch (RuntimeException e) {
                    throw new AssertionError("replacing " + String.join(".", path) + " by " + replacement + ": " + e, e);
                }
                loads++;
            }
        }
        assertThat(loads).isGreaterThan(400);
    }

    private static void collect(Node node, List<String> path, List<List<String>> out) {
        if (!path.isEmpty()) {
            out.add(List.copyOf(path));
        }
        if (node instanceof MapNode m) {
            m.entries().forEach((k, v) -> {
                path.add(k);
                collect(v, path, out);
                path.remove(path.size() - 1);
            });
        } else if (node instanceof SeqNode s) {
            for (int i = 0; i < s.items().size(); i++) {
                path.add("#" + i);
                collect(s.items().get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static void replace(Node root, List<String> path, Node value) {
        Node cur = root;
        for (int i = 0; i < path.size() - 1; i++) {
            cur = step(cur, path.get(i));
        }
        String last = path.get(path.size() - 1);
        if (cur instanceof MapNode m) {
            m.entries().put(last, value);
        } else {
            ((SeqNode) cur).items().set(Integer.parseInt(last.substring(1)), value);
        }
    }

    private static Node step(Node n, String key) {
        return n instanceof MapNode m ? m.get(key) : ((SeqNode) n).items().get(Integer.parseInt(key.substring(1)));
    }

    /** Flow-style YAML of a node tree (enough to write the mutated documents back). */
    private static String render(Node n) {
        if (n instanceof MapNode m) {
            List<String> parts = new ArrayList<>();
            m.entries().forEach((k, v) -> parts.add(quote(k) + ": " + render(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (n instanceof SeqNode s) {
            List<String> parts = new ArrayList<>();
            s.items().forEach(i -> parts.add(render(i)));
            return "[" + String.join(", ", parts) + "]";
        }
        ScalarNode sc = (ScalarNode) n;
        return switch (sc.kind()) {
            case NULL -> "null";
            case STRING -> quote(sc.value());
            default -> sc.value();
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
