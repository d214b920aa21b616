package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.network.internal.Command;
import io.jcompose.network.internal.FirewallRules;
import io.jcompose.network.internal.LinuxNetHost;
import io.jcompose.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    @Test
    void namespaceDnsRulesGoInThroughNft() {
        assertThat(host.nftInNamespaces()).isTrue();
        Path ns = dir.resolve("ns/c");
        host.createNamespace(ns);
        host.createBridge(BRIDGE, List.of("10.239.0.1/24"), Optional.empty());
        host.attach(new VethSpec(VETH, BRIDGE, ns, "eth0", "02:42:0a:ef:00:02", List.of("10.239.0.2/24"),
                Optional.of("10.239.0.1"), Optional.empty(), Optional.empty(),
                FirewallRules.namespaceDnsNft("10.239.0.1", "10.239.0.2", 53)));
        assertThat(tableIn(ns)).contains("ip daddr 127.0.0.11 udp dport 53 dnat to 10.239.0.1:53");
        host.namespaceRules(ns, FirewallRules.namespaceDnsNft("10.239.0.1", "10.239.0.2", 5353));
        assertThat(tableIn(ns)).contains("dnat to 10.239.0.1:5353").doesNotContain("dnat to 10.239.0.1:53\n");
        host.namespaceRules(ns, FirewallRules.namespaceEmptyNft());
        host.namespaceRules(ns, FirewallRules.namespaceEmptyNft());
        assertThat(tableIn(ns)).isEmpty();
        host.deleteLink(VETH);
        host.deleteNamespace(ns);
    }

    @Test
    void aNamespaceAndItsVethsInOneStepAndTornDownInOne() {
        Path ns = dir.resolve("ns/c");
        host.createBridge(BRIDGE, List.of("10.239.0.1/24"), Optional.empty());
        host.createNamespace(ns, List.of(new VethSpec(VETH, BRIDGE, ns, "eth0", "02:42:0a:ef:00:02",
                List.of("10.239.0.2/24"), Optional.of("10.239.0.1"), Optional.empty(), Optional.empty(),
                FirewallRules.namespaceDnsNft("10.239.0.1", "10.239.0.2", 53))));
        assertThat(Command.run(List.of("ip", "-o", "link", "show", "master", BRIDGE), "").stdout()).contains(VETH);
        String inside = Command.run(List.of("nsenter", "--net=" + ns, "ip", "-o", "addr"), "").stdout();
        assertThat(inside).contains("lo    inet 127.0.0.1/8").contains("eth0    inet 10.239.0.2/24");
        assertThat(Command.run(List.of("nsenter", "--net=" + ns, "ip", "route"), "").stdout())
                .contains("default via 10.239.0.1 dev eth0");
        assertThat(tableIn(ns)).contains("dnat to 10.239.0.1:53");

        host.teardown(List.of(VETH, "jkv-gone0"), ns);
        assertThat(host.links()).doesNotContain(VETH);
        assertThat(ns).doesNotExist();
    }

    @Test
    void anAttachReplacesDnsRulesTheNamespaceHasAlready() {
        Path ns = dir.resolve("ns/c");
        host.createNamespace(ns);
        host.namespaceRules(ns, FirewallRules.namespaceDnsNft("10.239.0.1", "10.239.0.2", 5353));
        host.createBridge(BRIDGE, List.of("10.239.0.1/24"), Optional.empty());
        host.attach(new VethSpec(VETH, BRIDGE, ns, "eth0", "02:42:0a:ef:00:02", List.of("10.239.0.2/24"),
                Optional.of("10.239.0.1"), Optional.empty(), Optional.empty(),
                FirewallRules.namespaceDnsNft("10.239.0.1", "10.239.0.2", 53)));
        assertThat(tableIn(ns)).contains("dnat to 10.239.0.1:53\n").doesNotContain(":5353");
    }

    private static String tableIn(Path ns) {
        return Command.run(List.of("nsenter", "--net=" + ns, "nft", "list", "table", "ip", "jcompose_dns"), "").stdout();
    }
}
