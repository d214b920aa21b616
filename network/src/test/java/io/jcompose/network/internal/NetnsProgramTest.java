package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        assertThat(withProgram(dir.resolve("jcompose-netns"))).isEmpty();
    }

    @Test
    void anErrorRecordBecomesTheExceptionsMessage() throws IOException {
        NetnsProgram program = withProgram(script("""
                echo '{"error":true,"step":"veth","errno":17,"errno_name":"EEXIST","path":"",\
                "message":"creating veth \\"jnhv0\\" (peer \\"eth0\\") failed: RTNETLINK: File exists"}'
                exit 1
                """)).orElseThrow();
        assertThatThrownBy(() -> program.attach(veth(""), "")).isInstanceOf(NetworkException.class)
                .hasMessage("creating veth \"jnhv0\" (peer \"eth0\") failed: RTNETLINK: File exists");
    }

    @Test
    void anExitWithoutARecordIsAFailureToo() throws IOException {
        NetnsProgram program = withProgram(script("echo 'cannot load' >&2\nexit 127\n")).orElseThrow();
        assertThatThrownBy(() -> program.createNamespace(dir.resolve("ns"), List.of(), ""))
                .isInstanceOf(NetworkException.class).hasMessageEndingWith("exited with 127 without a record: "
                        + "cannot load");
    }

    @Test
    void theSpecGoesInOnStdinAndAnOkRecordIsSuccess() throws IOException {
        Path got = dir.resolve("spec.in");
        NetnsProgram program = withProgram(script("cat >" + got + "\necho '{\"ok\":true}'\n")).orElseThrow();
        program.createNamespace(dir.resolve("ns"), List.of(veth("")), "");
        assertThat(got).hasContent(NetnsProgram.spec("create", dir.resolve("ns"), List.of(veth("")), ""));
    }

    private Path script(String body) throws IOException {
        Path p = dir.resolve("jcompose-netns");
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** {@link NetnsProgram#configured()} with the system property set to {@code binary}, restored after. */
    private static Optional<NetnsProgram> withProgram(Path binary) {
        String before = System.getProperty(NetnsProgram.PROPERTY);
        System.setProperty(NetnsProgram.PROPERTY, binary.toString());
        try {
            assertThat(NetnsProgram.path()).isEqualTo(binary);
            return NetnsProgram.configured();
        } finally {
            if (before == null) {
                System.clearProperty(NetnsProgram.PROPERTY);
            } else {
                System.setProperty(NetnsProgram.PROPERTY, before);
            }
        }
    }
}
