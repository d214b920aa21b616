package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.model.internal.load.DotEnv;
import io.jcompose.model.internal.load.PortSyntax;
import io.jcompose.model.internal.load.Template;
import io.jcompose.model.internal.schema.ByteSize;
import io.jcompose.model.internal.schema.GoDuration;
import io.jcompose.model.internal.schema.GoKeyOrder;
import io.jcompose.model.internal.schema.ShellWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small syntaxes of Compose values: durations, sizes, ports, commands, .env, templates, key order. */
class ValueSyntaxTest {
    @Test
    void durationsParseLikeComposeAndPrintLikeGo() {
        assertThat(GoDuration.format(GoDuration.parse("90s").getAsLong())).isEqualTo("1m30s");
        assertThat(GoDuration.format(GoDuration.parse("1.5h").getAsLong())).isEqualTo("1h30m0s");
        assertThat(GoDuration.format(GoDuration.parse("2d").getAsLong())).isEqualTo("48h0m0s");
        assertThat(GoDuration.format(GoDuration.parse("1m0.5s").getAsLong())).isEqualTo("1m0.5s");
        assertThat(GoDuration.format(GoDuration.parse("250ms").getAsLong())).isEqualTo("250ms");
        assertThat(GoDuration.format(GoDuration.parse("10us").getAsLong())).isEqualTo("10µs");
        assertThat(GoDuration.format(GoDuration.parse("0").getAsLong())).isEqualTo("0s");
        assertThat(GoDuration.parse("10")).isEmpty();
        assertThat(GoDuration.parse("soon")).isEmpty();
    }

    @Test
    void byteSizesUseBinaryUnits() {
        assertThat(ByteSize.parse("512m").getAsLong()).isEqualTo(536_870_912L);
        assertThat(ByteSize.parse("1gb").getAsLong()).isEqualTo(1_073_741_824L);
        assertThat(ByteSize.parse("1.5k").getAsLong()).isEqualTo(1536L);
        assertThat(ByteSize.parse("100").getAsLong()).isEqualTo(100L);
        assertThat(ByteSize.parse("lots")).isEmpty();
    }

    @Test
    void portRangesExpandPairwiseAndInStringOrder() {
        List<PortSyntax.Port> ports = PortSyntax.parse("127.0.0.1:8000-8001:99-100/udp");
        assertThat(ports).containsExactly(
                new PortSyntax.Port("127.0.0.1", 100, "8001", "udp"),
                new PortSyntax.Port("127.0.0.1", 99, "8000", "udp"));
        assertThatThrownBy(() -> PortSyntax.parse("80:http")).hasMessage("invalid containerPort: http");
    }

    @Test
    void commandsSplitLikeAShell() {
        assertThat(ShellWords.split("sh -c 'echo \"a b\"' \"x y\" z\\ w").orElseThrow())
                .containsExactly("sh", "-c", "echo \"a b\"", "x y", "z w");
        assertThat(ShellWords.split("echo 'unclosed")).isEmpty();
    }

    @Test
    void dotEnvHandlesQuotesCommentsExportAndReferences() {
        Map<String, String> env = DotEnv.parse("""
                # comment
                export A=1
                B="two words" # comment
                C='${A} literal'
                D=${A}-${E:-dflt}
                E
                F=x #tail
                """, k -> k.equals("E") ? Optional.of("from-env") : Optional.empty());
        assertThat(env).containsEntry("A", "1").containsEntry("B", "two words").containsEntry("C", "${A} literal")
                .containsEntry("D", "1-from-env").containsEntry("E", "from-env").containsEntry("F", "x");
    }

    @Test
    void templatesSupportNestingAndReportUnsetVariables() {
        List<String> unset = new ArrayList<>();
        assertThat(Template.substitute("${A:-${B:-${C}}}", k -> Optional.empty(), unset::add)).isEmpty();
        assertThat(unset).containsExactly("C");
        assertThatThrownBy(() -> Template.substitute("${A", Map.of())).isInstanceOf(Template.Failure.class);
        assertThat(Template.substitute("$$A ${A}", Map.of("A", "x"))).isEqualTo("$A x");
        assertThat(Template.substitute("cost $5 and $", Map.of())).isEqualTo("cost $5 and $");
    }

    @Test
    void mapKeysSortLikeGoYaml() {
        List<String> keys = new ArrayList<>(List.of("web10", "web2", "Web", "a_b", "ab", "web1"));
        keys.sort(GoKeyOrder.INSTANCE);
        assertThat(keys).containsExactly("Web", "a_b", "ab", "web1", "web2", "web10");
    }

    @Test
    void floatsPrintLikeGo() {
        assertThat(GoFloats.format(0.5)).isEqualTo("0.5");
        assertThat(GoFloats.format(2)).isEqualTo("2");
        assertThat(GoFloats.format(1_000_000)).isEqualTo("1e+06");
        assertThat(GoFloats.formatJson(1_000_000)).isEqualTo("1000000");
    }
}
