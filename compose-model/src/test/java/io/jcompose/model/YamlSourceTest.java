package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import io.jcompose.model.internal.yaml.YamlSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Safe, YAML 1.2 parsing: types, locations, aliases, merge keys and the limits on hostile input. */
class YamlSourceTest {
    private static final Path FILE = Path.of("compose.yaml");

    private static MapNode parse(String text) {
        return (MapNode) YamlSource.parse(FILE, text).get(0);
    }

    @Test
    void yaml12ScalarsKeepCompose_sTypes() {
        MapNode m = parse("a: 22:22\nb: yes\nc: 0755\nd: 1.5\ne: true\nf: ~\ng: '10'\n");
        assertThat(((ScalarNode) m.get("a")).kind()).isEqualTo(ScalarNode.Kind.STRING);
        assertThat(((ScalarNode) m.get("b")).kind()).isEqualTo(ScalarNode.Kind.STRING);
        assertThat(((ScalarNode) m.get("c")).kind()).isEqualTo(ScalarNode.Kind.INT);
        assertThat(((ScalarNode) m.get("c")).value()).isEqualTo("0755");
        assertThat(((ScalarNode) m.get("d")).kind()).isEqualTo(ScalarNode.Kind.FLOAT);
        assertThat(((ScalarNode) m.get("e")).kind()).isEqualTo(ScalarNode.Kind.BOOL);
        assertThat(((ScalarNode) m.get("f")).isNull()).isTrue();
        assertThat(((ScalarNode) m.get("g")).kind()).isEqualTo(ScalarNode.Kind.STRING);
    }

    @Test
    void everyNodeKnowsItsLineAndColumn() {
        MapNode m = parse("services:\n  web:\n    image: nginx\n");
        MapNode web = (MapNode) ((MapNode) m.get("services")).get("web");
        assertThat(web.get("image").location()).isEqualTo(new SourceLocation(FILE, 3, 12));
        assertThat(web.keyLocation("image")).isEqualTo(new SourceLocation(FILE, 3, 5));
    }

    @Test
    void oneAnchorMayBeReusedFarMoreThanFiftyTimes() {
        StringBuilder b = new StringBuilder("x-base: &base {image: busybox}\nservices:\n");
        for (int i = 0; i < 500; i++) {
            b.append("  s").append(i).append(": *base\n");
        }
        MapNode services = (MapNode) parse(b.toString()).get("services");
        assertThat(services.entries()).hasSize(500);
    }

    @Test
    void mergeKeysLetExplicitKeysWinAndTheFirstSourceWinAmongSources() {
        MapNode m = parse("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n");
        MapNode c = (MapNode) m.get("c");
        assertThat(c.text("x")).isEqualTo("3");
        assertThat(c.text("y")).isEqualTo("1");
        assertThat(c.text("z")).isEqualTo("2");
    }

    @Test
    void resetAndOverrideTagsAreKept() {
        MapNode m = parse("a: !reset []\nb: !override {x: 1}\n");
        assertThat(((SeqNode) m.get("a")).tag()).isEqualTo("!reset");
        assertThat(((MapNode) m.get("b")).tag()).isEqualTo("!override");
    }

    @Test
    void anAliasBombFailsWithAClearError() {
        StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                b.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            b.append("]\n");
            prev = c;
        }
        assertThatThrownBy(() -> parse(b.toString()))
                .isInstanceOf(ComposeFileException.class)
                .hasMessageContaining("document expands to more than " + YamlSource.MAX_NODES + " nodes");
    }

    @Test
    void aMultiMegabyteScalarLoads() {
        String big = "x".repeat(8 * 1024 * 1024);
        MapNode m = parse("services:\n  a:\n    image: busybox\n    labels:\n      big: " + big + "\n");
        MapNode labels = (MapNode) ((MapNode) ((MapNode) m.get("services")).get("a")).get("labels");
        assertThat(labels.text("big")).hasSize(big.length());
    }

    @Test
    void tooDeepNestingIsRejected() {
        String deep = "[".repeat(YamlSource.MAX_DEPTH + 5) + "]".repeat(YamlSource.MAX_DEPTH + 5);
        assertThatThrownBy(() -> parse("a: " + deep + "\n"))
                .isInstanceOf(ComposeFileException.class);
    }

    @Test
    void anEmptyFileHasNoDocument() {
        assertThat(YamlSource.parse(FILE, "")).isEmpty();
    }
}
