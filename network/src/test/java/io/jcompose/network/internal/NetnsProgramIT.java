package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespaces and veths through jcompose-netns ({@link LinuxNetHost} by default) against the process path
 * ({@link LinuxNetHost#withProcesses()}): the same links, addresses, routes and DNS rules, nothing left after a
 * failure. Host names start with "jnh".
 */
@RequiresRoot
class NetnsProgramIT {

    private static final String BRIDGE = "jnhbr0";
    private static final String TAKEN = "jnhtaken0";

    @TempDir
    Path dir;

    private final LinuxNetHost program = new LinuxNetHost();
    private final LinuxNetHost processes = LinuxNetHost.withProcesses();
    private final List<Path> namespaces = new ArrayList<>();

    @BeforeEach
    void bridge() {
        cleanUp();
        assertThat(program.usesProgram()).isTrue();
        program.createBridge(BRIDGE, List.of("10.241.0.1/24", "fd42:241::1/64"), Optional.empty());
    }

    @AfterEach
    void cleanUp() {
        for (String l : program.links()) {
            if (l.startsWith("jnh")) {
                program.deleteLink(l);
            }
        }
        namespaces.forEach(program::deleteNamespace);
        // the host made the directory a mount of its own (see LinuxNetHost.makePrivate)
        Command.run(List.of("umount", dir.resolve("netns").toString()), "");
    }

    @Test
    void theSameLinksAddressesRoutesAndRulesAsTheProcessPath() {
        Path viaProcesses = namespace("old");
        Path viaProgram = namespace("new");
        processes.createNamespace(viaProcesses, veths("jnho", viaProcesses));
        program.createNamespace(viaProgram, veths("jnhn", viaProgram));

        String made = inside(viaProgram, "ip", "-d", "addr") + inside(viaProgram, "ip", "route")
                + inside(viaProgram, "ip", "-6", "route");
        assertThat(made).contains("eth0@if", "mtu 1400", "link/ether 02:42:0a:f1:00:02", "inet 10.241.0.2/24",
                "eth1@if", "link/ether 02:42:0a:f1:00:03", "inet6 fd42:241::3/64 scope global nodad",
                "default via 10.241.0.1 dev eth0", "default via fd42:241::1 dev eth1", "lo: <LOOPBACK,UP,LOWER_UP>");
        for (List<String> show : List.of(List.of("ip", "-d", "addr"), List.of("ip", "route"),
                List.of("ip", "-6", "route"), List.of("nft", "list", "table", "ip", "jcompose_dns"),
                List.of("cat", "/proc/sys/net/ipv4/conf/all/route_localnet"))) {
            String[] argv = show.toArray(String[]::new);
            assertThat(normal(inside(viaProgram, argv))).as(String.join(" ", show))
                    .isEqualTo(normal(inside(viaProcesses, argv)));
        }
        assertThat(inside(viaProgram, "cat", "/proc/sys/net/ipv4/conf/all/route_localnet")).isEqualTo("1\n");
        for (String end : List.of("0", "1")) {
            String viaIp = hostLink("jnho" + end);
            assertThat(viaIp).contains("master " + BRIDGE, ",UP,");
            assertThat(hostLink("jnhn" + end).replace("jnhn", "jnho")).isEqualTo(viaIp);
        }
    }

    @Test
    void namespacesOnSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<Path> mine = List.of(namespace("p" + t + "a"), namespace("p" + t + "b"), namespace("p" + t + "c"));
                String prefix = "jnhp" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < mine.size(); i++) {
                        program.createNamespace(mine.get(i), veths(prefix + i + "v", mine.get(i)).subList(0, 1));
                    }
                    return "made";
                }));
            }
            for (Future<String> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("made");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 4; t++) {
            for (String n : List.of("a", "b", "c")) {
                Path ns = dir.resolve("netns").resolve("p" + t + n);
                assertThat(inside(ns, "ip", "-o", "addr", "show", "eth0")).contains("inet 10.241.0.2/24");
                assertThat(inside(ns, "nft", "list", "table", "ip", "jcompose_dns")).contains("dnat to 10.241.0.1:53");
            }
        }
    }

    @Test
    void attachIntoAnExistingNamespace() throws IOException {
        Path ns = namespace("c");
        program.createNamespace(ns);
        assertThat(inside(ns, "ip", "-o", "link", "show", "lo")).contains(",UP,");
        Command.check(List.of("nsenter", "--net=" + ns, "sysctl", "-qw", "net.ipv4.conf.all.route_localnet=0"), "",
                "clearing route_localnet");
        String hostLocalnet = Files.readString(Path.of("/proc/sys/net/ipv4/conf/all/route_localnet"));

        VethSpec s = veths("jnha", ns).get(1);
        program.attach(new VethSpec(s.hostName(), s.bridge(), s.netns(), s.ifName(), s.mac(), s.addresses(),
                s.ipv4Gateway(), s.ipv6Gateway(), s.mtu(),
                FirewallRules.namespaceDnsNft("10.241.0.1", "10.241.0.3", 53)));

        assertThat(hostLink("jnha1")).contains("master " + BRIDGE);
        assertThat(inside(ns, "ip", "-o", "addr", "show", "eth1")).contains("inet 10.241.0.3/24",
                "inet6 fd42:241::3/64");
        assertThat(inside(ns, "ip", "-6", "route")).contains("default via fd42:241::1 dev eth1");
        // with the DNS rules: the sysctl landed in the container's namespace, not in the host's
        assertThat(inside(ns, "cat", "/proc/sys/net/ipv4/conf/all/route_localnet")).isEqualTo("1\n");
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/conf/all/route_localnet"))).isEqualTo(hostLocalnet);
    }

    @Test
    void withoutDnsRulesRouteLocalnetStaysOff() throws IOException {
        Path ns = namespace("c");
        List<VethSpec> veths = veths("jnhr", ns);
        VethSpec s = veths.get(0);
        veths.set(0, new VethSpec(s.hostName(), s.bridge(), s.netns(), s.ifName(), s.mac(), s.addresses(),
                s.ipv4Gateway(), s.ipv6Gateway(), s.mtu(), ""));
        program.createNamespace(ns, veths);
        // a new namespace starts with the host's value (net.core.devconf_inherit_init_net=0)
        assertThat(inside(ns, "cat", "/proc/sys/net/ipv4/conf/all/route_localnet").strip())
                .isEqualTo(Files.readString(Path.of("/proc/sys/net/ipv4/conf/all/route_localnet")).strip());
        assertThat(inside(ns, "nft", "list", "tables")).doesNotContain("jcompose_dns");
    }

    @Test
    void aNameThatIsTakenLeavesNoLinkAndNoMount() {
        Command.check(List.of("ip", "link", "add", TAKEN, "type", "veth", "peer", "name", "jnhtaken1"), "", "taking");
        Path ns = namespace("c");
        List<VethSpec> veths = veths("jnhf", ns);
        veths.set(1, withHostName(veths.get(1), TAKEN));

        assertThatThrownBy(() -> program.createNamespace(ns, veths)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("\"" + TAKEN + "\"").hasMessageContaining("RTNETLINK: File exists");

        assertThat(program.links()).doesNotContain("jnhf0").contains(TAKEN);
        assertNoNamespace(ns);
    }

    @Test
    void aRouteThatCannotBeSetLeavesNoLinkAndNoMount() {
        Path ns = namespace("c");
        List<VethSpec> veths = veths("jnhf", ns);
        VethSpec s = veths.get(1);
        veths.set(1, new VethSpec(s.hostName(), s.bridge(), s.netns(), s.ifName(), s.mac(), s.addresses(),
                Optional.of("10.99.0.1"), s.ipv6Gateway(), s.mtu(), ""));

        assertThatThrownBy(() -> program.createNamespace(ns, veths)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("default route via 10.99.0.1").hasMessageContaining("RTNETLINK:");

        assertThat(program.links()).doesNotContain("jnhf0", "jnhf1");
        assertNoNamespace(ns);
    }

    @Test
    void dnsRulesThatDoNotLoadLeaveNoLinkAndNoMount() {
        Path ns = namespace("c");
        List<VethSpec> veths = veths("jnhf", ns);
        VethSpec s = veths.get(0);
        veths.set(0, new VethSpec(s.hostName(), s.bridge(), s.netns(), s.ifName(), s.mac(), s.addresses(),
                s.ipv4Gateway(), s.ipv6Gateway(), s.mtu(), "table ip jcompose_dns {\n  chain c { nonsense }\n}\n"));

        assertThatThrownBy(() -> program.createNamespace(ns, veths)).isInstanceOf(NetworkException.class)
                .hasMessageContaining("DNS rules");

        assertThat(program.links()).doesNotContain("jnhf0", "jnhf1");
        assertNoNamespace(ns);
    }

    /** Two veths as the engine would make them: eth0 with the DNS rules and an MTU, eth1 with IPv6. */
    private List<VethSpec> veths(String prefix, Path ns) {
        String rules = FirewallRules.namespaceDnsNft("10.241.0.1", "10.241.0.2", 53);
        return new ArrayList<>(List.of(
                new VethSpec(prefix + "0", BRIDGE, ns, "eth0", "02:42:0a:f1:00:02", List.of("10.241.0.2/24"),
                        Optional.of("10.241.0.1"), Optional.empty(), Optional.of(1400), rules),
                new VethSpec(prefix + "1", BRIDGE, ns, "eth1", "02:42:0a:f1:00:03",
                        List.of("10.241.0.3/24", "fd42:241::3/64"), Optional.empty(), Optional.of("fd42:241::1"),
                        Optional.empty(), "")));
    }

    private static VethSpec withHostName(VethSpec s, String hostName) {
        return new VethSpec(hostName, s.bridge(), s.netns(), s.ifName(), s.mac(), s.addresses(), s.ipv4Gateway(),
                s.ipv6Gateway(), s.mtu(), s.namespaceRules());
    }

    private Path namespace(String name) {
        Path p = dir.resolve("netns").resolve(name);
        namespaces.add(p);
        return p;
    }

    private static void assertNoNamespace(Path ns) {
        assertThat(ns).doesNotExist();
        String mounts = Command.check(List.of("cat", "/proc/self/mountinfo"), "", "reading mounts");
        assertThat(mounts).doesNotContain(ns.toString());
    }

    private static String inside(Path ns, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns));
        cmd.addAll(List.of(argv));
        return Command.check(cmd, "", String.join(" ", argv));
    }

    /** A host end as {@code ip -o link} shows it, without what differs between any two veths (index, MAC). */
    private static String hostLink(String name) {
        return normal(Command.check(List.of("ip", "-o", "link", "show", name), "", "showing " + name))
                .replaceAll("link/ether \\S+", "link/ether MAC");
    }

    /** Output without interface indexes, peer namespace ids and the passing IPv6 DAD state. */
    private static String normal(String ipOutput) {
        return ipOutput.replaceAll("(?m)^\\d+: ", "").replaceAll("@if\\d+", "@if")
                .replaceAll(" link-netnsid \\d+", "").replace(" tentative", "");
    }
}
