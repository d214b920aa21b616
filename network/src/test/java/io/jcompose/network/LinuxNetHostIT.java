package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.network.internal.Command;
import io.jcompose.network.internal.LinuxNetHost;
import io.jcompose.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link NetHost} contract against Linux, plus what only the real kernel can show. */
@RequiresRoot
class LinuxNetHostIT extends NetHostContract {

    private final LinuxNetHost host = new LinuxNetHost();

    @Override
    NetHost host() {
        return host;
    }

    @Override
    void scrub() {
        Command.run(List.of("umount", dir.resolve("ns").toString()), "");
        assertThat(Command.run(List.of("iptables", "-w", "-S"), "").stdout()).doesNotContain("JCOMPOSE_JK");
        assertThat(Command.run(List.of("iptables", "-w", "-t", "nat", "-S"), "").stdout()).doesNotContain("JCOMPOSE_JK");
    }

    @Test
    void seesTheHostsRoutesAndIptables() {
        assertThat(host.firewallAvailable()).isTrue();
        assertThat(host.hostPrefixes()).isNotEmpty().allMatch(p -> p.contains("/"));
    }
}
