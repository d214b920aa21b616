package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.network.Network;
import io.jcompose.network.Protocol;
import io.jcompose.network.Subnet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {

    private static Network net(String bridge, String subnet, boolean internal) {
        return new Network(bridge + "0000000000000000000000000000000000000000000000000000", bridge, bridge, "bridge",
                internal, false, false, List.of(new Subnet(subnet, Optional.empty(), "x", Map.of())), Map.of(),
                Map.of(), "now", Map.of());
    }

    @Test
    void rendersIsolationNatAndPorts() {
        String text = new FirewallRules("JCOMPOSE", "jc").render(List.of(net("jc-a", "172.18.0.0/16", false), net("jc-b", "172.19.0.0/16", true)),
                List.of(new DnatRule("0.0.0.0", 8080, Protocol.TCP, "172.18.0.2", 80, "jc-a"),
                        new DnatRule("127.0.0.1", 5353, Protocol.UDP, "172.18.0.2", 53, "jc-a")));
        assertThat(text).isEqualTo("""
                *raw
                :JCOMPOSE-RAW - [0:0]
                -A JCOMPOSE-RAW -i jc-a -d 127.0.0.0/8 -j DROP
                -A JCOMPOSE-RAW -i jc-b -d 127.0.0.0/8 -j DROP
                COMMIT
                *filter
                :JCOMPOSE-FORWARD - [0:0]
                -A JCOMPOSE-FORWARD -o jc-a -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A JCOMPOSE-FORWARD -i jc-b ! -o jc-b -j DROP
                -A JCOMPOSE-FORWARD -o jc-b ! -i jc-b -j DROP
                -A JCOMPOSE-FORWARD -d 172.18.0.2/32 ! -i jc-a -o jc-a -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT -j ACCEPT
                -A JCOMPOSE-FORWARD -d 172.18.0.2/32 ! -i jc-a -o jc-a -p udp -m udp --dport 53 -m conntrack --ctstate DNAT -j ACCEPT
                -A JCOMPOSE-FORWARD -i jc-a -o jc-a -j ACCEPT
                -A JCOMPOSE-FORWARD -i jc-b -o jc-b -j ACCEPT
                -A JCOMPOSE-FORWARD -i jc-+ -o jc-+ -j DROP
                -A JCOMPOSE-FORWARD -i jc-a ! -o jc-a -j ACCEPT
                -A JCOMPOSE-FORWARD -o jc-+ -j DROP
                COMMIT
                *nat
                :JCOMPOSE-DNAT - [0:0]
                :JCOMPOSE-POSTROUTING - [0:0]
                -A JCOMPOSE-DNAT ! -i jc-a -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80
                -A JCOMPOSE-DNAT -d 127.0.0.1/32 ! -i jc-a -p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:53
                -A JCOMPOSE-POSTROUTING -s 127.0.0.0/8 -o jc-a -j MASQUERADE
                -A JCOMPOSE-POSTROUTING -s 172.18.0.0/16 ! -o jc-a -j MASQUERADE
                -A JCOMPOSE-POSTROUTING -s 127.0.0.0/8 -o jc-b -j MASQUERADE
                COMMIT
                """);
    }

    @Test
    void noNetworksMeansEmptyChains() {
        assertThat(new FirewallRules("JCOMPOSE", "jc").render(List.of(), List.of())).isEqualTo("""
                *raw
                :JCOMPOSE-RAW - [0:0]
                COMMIT
                *filter
                :JCOMPOSE-FORWARD - [0:0]
                COMMIT
                *nat
                :JCOMPOSE-DNAT - [0:0]
                :JCOMPOSE-POSTROUTING - [0:0]
                COMMIT
                """);
    }

    @Test
    void namespaceDnsRedirectsTheEmbeddedAddress() {
        assertThat(FirewallRules.namespaceDns("172.18.0.1", "172.18.0.2", 53))
                .contains("-A OUTPUT -d 127.0.0.11/32 -j JCOMPOSE-DNS\n")
                .contains("-A JCOMPOSE-DNS -p udp -m udp --dport 53 -j DNAT --to-destination 172.18.0.1:53\n")
                .contains("-A JCOMPOSE-DNS-SNAT -d 172.18.0.1/32 -p tcp -m tcp --dport 53 -j SNAT --to-source 172.18.0.2\n")
                .contains("-A PREROUTING ! -i lo -d 127.0.0.0/8 -j DROP\n");
    }

    @Test
    void namespaceDnsAsNftReplacesItsTableWhole() {
        assertThat(FirewallRules.namespaceDnsNft("172.18.0.1", "172.18.0.2", 53)).isEqualTo("""
                table ip jcompose_dns {}
                delete table ip jcompose_dns
                table ip jcompose_dns {
                  chain raw_prerouting {
                    type filter hook prerouting priority -300; policy accept;
                    iifname != "lo" ip daddr 127.0.0.0/8 drop
                  }
                  chain nat_output {
                    type nat hook output priority -100; policy accept;
                    ip daddr 127.0.0.11 udp dport 53 dnat to 172.18.0.1:53
                    ip daddr 127.0.0.11 tcp dport 53 dnat to 172.18.0.1:53
                  }
                  chain nat_postrouting {
                    type nat hook postrouting priority 100; policy accept;
                    ip saddr 127.0.0.0/8 ip daddr 172.18.0.1 udp dport 53 snat to 172.18.0.2
                    ip saddr 127.0.0.0/8 ip daddr 172.18.0.1 tcp dport 53 snat to 172.18.0.2
                  }
                }
                """);
        assertThat(FirewallRules.namespaceEmptyNft()).isEqualTo("table ip jcompose_dns {}\ndelete table ip jcompose_dns\n");
    }

    @Test
    void theCreateVariantCreatesTheTableInsteadOfDeletingIt() {
        String replace = FirewallRules.namespaceDnsNft("172.18.0.1", "172.18.0.2", 53);
        assertThat(FirewallRules.namespaceDnsNftCreate(replace)).isEqualTo("create table ip jcompose_dns\n"
                + replace.substring(FirewallRules.namespaceEmptyNft().length()));
        assertThat(FirewallRules.namespaceDnsNftCreate(FirewallRules.namespaceDns("172.18.0.1", "172.18.0.2", 53)))
                .isEmpty();
    }
}
