package io.jcompose.network.internal;

import io.jcompose.network.Cidr;
import io.jcompose.network.FirewallJump;
import io.jcompose.network.Network;
import java.util.List;
import java.util.Map;

/**
 * Renders the whole of jcompose's iptables state from its networks and published ports, as
 * iptables-restore input. Every change re-renders everything, so what is installed always equals
 * what the state says and stale rules after a crash disappear on the next apply.
 *
 * <p>Chains: {@code JCOMPOSE-FORWARD} (filter, isolation, internal networks, published ports),
 * {@code JCOMPOSE-DNAT} (nat, published ports, from PREROUTING and OUTPUT for local destinations),
 * {@code JCOMPOSE-POSTROUTING} (nat, masquerade), {@code JCOMPOSE-RAW} (raw, drops packets from
 * containers aimed at the host's 127.0.0.0/8 that route_localnet would otherwise let in).
 */
public final class FirewallRules {

    private final String forwardChain;
    private final String dnatChain;
    private final String postChain;
    private final String rawChain;
    private final String links;

    /**
     * Rules for one jcompose instance: chains {@code <chainPrefix>-FORWARD} etc., bridges named
     * {@code <linkPrefix>-...}. The default instance is {@code JCOMPOSE} / {@code jc}.
     */
    public FirewallRules(String chainPrefix, String linkPrefix) {
        forwardChain = chainPrefix + "-FORWARD";
        dnatChain = chainPrefix + "-DNAT";
        postChain = chainPrefix + "-POSTROUTING";
        rawChain = chainPrefix + "-RAW";
        links = linkPrefix + "-+";
    }

    /** The jumps from built-in chains into ours. */
    public List<FirewallJump> jumps() {
        return List.of(
                new FirewallJump("filter", "FORWARD", List.of(), forwardChain),
                new FirewallJump("nat", "PREROUTING", List.of("-m", "addrtype", "--dst-type", "LOCAL"), dnatChain),
                new FirewallJump("nat", "OUTPUT", List.of("-m", "addrtype", "--dst-type", "LOCAL"), dnatChain),
                new FirewallJump("nat", "POSTROUTING", List.of(), postChain),
                new FirewallJump("raw", "PREROUTING", List.of(), rawChain));
    }

    /** Our chains by table, for removal. */
    public Map<String, List<String>> chains() {
        return Map.of("filter", List.of(forwardChain), "nat", List.of(dnatChain, postChain), "raw", List.of(rawChain));
    }

    /** The iptables-restore input for these networks and IPv4 port rules. */
    public String render(List<Network> networks, List<DnatRule> ports) {
        StringBuilder raw = new StringBuilder("*raw\n:" + rawChain + " - [0:0]\n");
        StringBuilder filter = new StringBuilder("*filter\n:" + forwardChain + " - [0:0]\n");
        StringBuilder nat = new StringBuilder("*nat\n:" + dnatChain + " - [0:0]\n:" + postChain + " - [0:0]\n");
        for (Network n : networks) {
            String br = n.bridge();
            raw.append("-A ").append(rawChain).append(" -i ").append(br).append(" -d 127.0.0.0/8 -j DROP\n");
            if (n.internal()) {
                filter.append("-A ").append(forwardChain).append(" -i ").append(br).append(" ! -o ").append(br)
                        .append(" -j DROP\n");
                filter.append("-A ").append(forwardChain).append(" -o ").append(br).append(" ! -i ").append(br)
                        .append(" -j DROP\n");
            } else {
                filter.append("-A ").append(forwardChain).append(" -o ").append(br)
                        .append(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
            }
        }
        for (DnatRule p : ports) {
            String proto = p.protocol().text();
            filter.append("-A ").append(forwardChain).append(" -d ").append(p.containerIp()).append("/32 ! -i ")
                    .append(p.bridge()).append(" -o ").append(p.bridge()).append(" -p ").append(proto)
                    .append(" -m ").append(proto).append(" --dport ").append(p.containerPort())
                    .append(" -m conntrack --ctstate DNAT -j ACCEPT\n");
            nat.append("-A ").append(dnatChain);
            if (!p.hostIp().equals("0.0.0.0")) {
                nat.append(" -d ").append(p.hostIp()).append("/32");
            }
            nat.append(" ! -i ").append(p.bridge()).append(" -p ").append(proto).append(" -m ").append(proto)
                    .append(" --dport ").append(p.hostPort()).append(" -j DNAT --to-destination ")
                    .append(p.containerIp()).append(':').append(p.containerPort()).append('\n');
        }
        for (Network n : networks) {
            String br = n.bridge();
            filter.append("-A ").append(forwardChain).append(" -i ").append(br).append(" -o ").append(br)
                    .append(" -j ACCEPT\n");
        }
        if (!networks.isEmpty()) {
            // isolation: no traffic between two of our bridges
            filter.append("-A ").append(forwardChain).append(" -i ").append(links).append(" -o ").append(links).append(" -j DROP\n");
        }
        for (Network n : networks) {
            String br = n.bridge();
            if (!n.internal()) {
                filter.append("-A ").append(forwardChain).append(" -i ").append(br).append(" ! -o ").append(br)
                        .append(" -j ACCEPT\n");
            }
            // connections from the host's loopback that the DNAT rules sent here need a source
            // address the container can answer
            nat.append("-A ").append(postChain).append(" -s 127.0.0.0/8 -o ").append(br)
                    .append(" -j MASQUERADE\n");
            if (!n.internal()) {
                for (var s : n.subnets()) {
                    Cidr c = s.cidr();
                    if (c.isIpv4()) {
                        nat.append("-A ").append(postChain).append(" -s ").append(c.network()).append(" ! -o ")
                                .append(br).append(" -j MASQUERADE\n");
                    }
                }
            }
        }
        if (!networks.isEmpty()) {
            // nothing from outside reaches a container except through a published port
            filter.append("-A ").append(forwardChain).append(" -o ").append(links).append(" -j DROP\n");
        }
        return raw.append("COMMIT\n").append(filter).append("COMMIT\n").append(nat).append("COMMIT\n").toString();
    }

    /**
     * The nat and raw tables inside a container's netns (the tables are replaced whole; the
     * netns is the container's own). They make 127.0.0.11:53 reach the DNS server on the gateway
     * of one of its networks: DNAT the destination, SNAT the loopback source to the container's
     * address so the answer comes back. The raw rule keeps route_localnet, which this needs, from
     * letting other hosts reach the container's loopback services.
     */
    public static String namespaceDns(String gateway, String ownAddress, int dnsPort) {
        String dnsChain = "JCOMPOSE-DNS";
        String snatChain = "JCOMPOSE-DNS-SNAT";
        StringBuilder b = new StringBuilder("*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A PREROUTING ! -i lo -d 127.0.0.0/8 -j DROP\nCOMMIT\n");
        b.append("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":POSTROUTING ACCEPT [0:0]\n:" + dnsChain + " - [0:0]\n:" + snatChain + " - [0:0]\n");
        b.append("-A OUTPUT -d 127.0.0.11/32 -j ").append(dnsChain).append('\n');
        b.append("-A POSTROUTING -s 127.0.0.0/8 -j ").append(snatChain).append('\n');
        for (String proto : List.of("udp", "tcp")) {
            b.append("-A ").append(dnsChain).append(" -p ").append(proto).append(" -m ")
                    .append(proto).append(" --dport 53 -j DNAT --to-destination ").append(gateway).append(':')
                    .append(dnsPort).append('\n');
        }
        for (String proto : List.of("udp", "tcp")) {
            b.append("-A ").append(snatChain).append(" -d ").append(gateway).append("/32 -p ")
                    .append(proto).append(" -m ").append(proto).append(" --dport ").append(dnsPort)
                    .append(" -j SNAT --to-source ").append(ownAddress).append('\n');
        }
        b.append("COMMIT\n");
        return b.toString();
    }

    /** Empty nat and raw tables for a netns that has no network with a DNS server left. */
    /** The table of {@link #namespaceDnsNft}, replaced whole. */
    private static final String NFT_TABLE = "ip jcompose_dns";

    /**
     * {@link #namespaceDns} as an nft script: one table of its own, replaced in one transaction (the empty
     * {@code table} line makes the {@code delete} valid when the table does not exist yet).
     */
    public static String namespaceDnsNft(String gateway, String ownAddress, int dnsPort) {
        StringBuilder b = new StringBuilder(namespaceEmptyNft());
        b.append("table ").append(NFT_TABLE).append(" {\n");
        b.append("  chain raw_prerouting {\n    type filter hook prerouting priority -300; policy accept;\n")
                .append("    iifname != \"lo\" ip daddr 127.0.0.0/8 drop\n  }\n");
        b.append("  chain nat_output {\n    type nat hook output priority -100; policy accept;\n");
        for (String proto : List.of("udp", "tcp")) {
            b.append("    ip daddr 127.0.0.11 ").append(proto).append(" dport 53 dnat to ").append(gateway).append(':')
                    .append(dnsPort).append('\n');
        }
        b.append("  }\n  chain nat_postrouting {\n    type nat hook postrouting priority 100; policy accept;\n");
        for (String proto : List.of("udp", "tcp")) {
            b.append("    ip saddr 127.0.0.0/8 ip daddr ").append(gateway).append(' ').append(proto).append(" dport ")
                    .append(dnsPort).append(" snat to ").append(ownAddress).append('\n');
        }
        b.append("  }\n}\n");
        return b.toString();
    }

    /**
     * {@code rules} from {@link #namespaceDnsNft} for a namespace that should have no table yet: the table is
     * created instead of replaced, which fails when there is one (then replace), and spares the kernel the table
     * deletion that makes a replace take about three times as long. Empty for other rules.
     */
    public static String namespaceDnsNftCreate(String rules) {
        String replace = namespaceEmptyNft();
        return rules.startsWith(replace) ? "create table " + NFT_TABLE + "\n" + rules.substring(replace.length()) : "";
    }

    /** Removes the table of {@link #namespaceDnsNft}, if there is one. */
    public static String namespaceEmptyNft() {
        return "table " + NFT_TABLE + " {}\ndelete table " + NFT_TABLE + "\n";
    }

    public static String namespaceEmpty() {
        return "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n"
                + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
    }
}
