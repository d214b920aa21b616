package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.network.VethSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec Java writes for jcompose-netns (format in network/netns/spec.c), and where the program is looked for. */
class NetnsProgramTest {

    @TempDir
    Path dir;

    private static VethSpec veth(String rules) {
        return new VethSpec("jnhv0", "br0", Path.of("/run/ns/c"), "eth0", "02:42:0a:00:00:02",
                List.of("10.0.0.2/24", "fd00::2/64"), Optional.of("10.0.0.1"), Optional.of("fd00::1"),
                Optional.of(1400), rules);
    }

    @Test
    void aVethWithoutRulesLeavesRouteLocalnetAlone() {
        assertThat(NetnsProgram.spec("create", Path.of("/run/ns/c"), List.of(veth("")), "")).isEqualTo("""
                create /run/ns/c
                veth jnhv0 br0 eth0 02:42:0a:00:00:02 1400
                addr 10.0.0.2/24
                addr fd00::2/64
                route 10.0.0.1
                route fd00::1
                """);
    }

    @Test
    void nftRulesFollowWithTheirLengthsAndTurnOnRouteLocalnet() {
        String rules = FirewallRules.namespaceDnsNft("10.0.0.1", "10.0.0.2", 53);
        String create = FirewallRules.namespaceDnsNftCreate(rules);
        assertThat(NetnsProgram.spec("enter", Path.of("/run/ns/c"), List.of(), rules)).isEqualTo(
                "enter /run/ns/c\nlocalnet\nnft " + create.length() + " " + rules.length() + "\n" + create + rules);
    }

    @Test
    void iptablesRulesAreLeftToTheCallerButStillTurnOnRouteLocalnet() {
        String rules = FirewallRules.namespaceDns("10.0.0.1", "10.0.0.2", 53);
        assertThat(NetnsProgram.isNft(rules)).isFalse();
        assertThat(NetnsProgram.spec("enter", Path.of("/run/ns/c"), List.of(), rules))
                .isEqualTo("enter /run/ns/c\nlocalnet\n");
    }

    @Test
    void aMissingProgramIsNoProgram() {
        String before = System.getProperty(NetnsProgram.PROPERTY);
        System.setProperty(NetnsProgram.PROPERTY, dir.resolve("jcompose-netns").toString());
        try {
            assertThat(NetnsProgram.path()).isEqualTo(dir.resolve("jcompose-netns"));
            assertThat(NetnsProgram.configured()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(NetnsProgram.PROPERTY);
            } else {
                System.setProperty(NetnsProgram.PROPERTY, before);
            }
        }
    }
}
