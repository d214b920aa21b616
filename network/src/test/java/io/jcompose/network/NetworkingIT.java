package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.network.internal.Command;
import io.jcompose.network.internal.FirewallRules;
import io.jcompose.network.internal.LinuxNetHost;
import io.jcompose.testing.RequiresRoot;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network module on the real kernel. "Containers" are network namespaces made by
 * {@link Networking#createNamespace}; commands run in them with nsenter (busybox, openbsd nc).
 * "Another host" is a namespace joined to the host by a veth pair the test creates. Only
 * addresses created here are ever targeted; the DNS upstream is a loopback fake.
 */
@RequiresRoot
class NetworkingIT {

    private static final String INSTANCE = "jt";

    @TempDir
    Path dir;
    private final Sandbox sandbox = new Sandbox();
    private final List<String> containers = new ArrayList<>();
    private FakeUpstream upstream;
    private Networking net;
    private List<String> before;
    private Path outside;

    @BeforeEach
    void open() throws Exception {
        scrub();
        before = Sandbox.hostSnapshot();
        upstream = new FakeUpstream(Map.of("outside.test", "192.0.2.123"));
        net = Networking.open(options());
    }

    private NetworkOptions options() {
        return NetworkOptions.of(dir.resolve("state"), dir.resolve("run")).withInstance(INSTANCE)
                .withPools(List.of(AddressPool.parse("base=10.231.0.0/16,size=24")))
                .withUpstreamDns(List.of(upstream.address()));
    }

    @AfterEach
    void cleanUp() {
        sandbox.close();
        try {
            for (String c : containers) {
                net.release(c);
            }
            for (Network n : net.list()) {
                net.remove(n.id());
            }
        } finally {
            net.close();
            upstream.close();
            scrub();
            // the namespace directory is a private bind mount of itself (see LinuxNetHost)
            Command.run(List.of("umount", dir.resolve("run/netns").toString()), "");
            Command.run(List.of("umount", dir.resolve("hosts").toString()), "");
        }
    }

    /** Removes anything of this test's instance, whatever state a failure left. */
    private void scrub() {
        for (String l : new LinuxNetHost().links()) {
            if (l.startsWith(INSTANCE + "-") || l.startsWith(INSTANCE + "v") || l.startsWith(INSTANCE + "o")) {
                Command.run(List.of("ip", "link", "del", l), "");
            }
        }
        if (outside != null) {
            new LinuxNetHost().deleteNamespace(outside);
        }
        FirewallRules rules = new FirewallRules("JCOMPOSE_JT", INSTANCE);
        new LinuxNetHost().clearFirewall(rules.jumps(), rules.chains());
    }

    /**
     * A "container": its own netns, attached to {@code network} (made together on first use, as the engine
     * does), with hosts/resolv.conf written.
     */
    private Endpoint container(String name, String network, String... aliases) {
        Path ns = net.namespacePath(name);
        EndpointRequest req = EndpointRequest.of(name, name, ns, List.of(aliases));
        Endpoint e;
        if (containers.contains(name)) {
            e = net.connect(network, req);
        } else {
            e = net.createNamespace(name, List.of(new Attachment(network, req))).get(0);
            containers.add(name);
        }
        net.writeContainerFiles(name, files(name), ContainerFilesSpec.of(name, List.of(e.ipv4().orElseThrow())));
        return e;
    }

    private Path files(String name) {
        return dir.resolve("files").resolve(name);
    }

    private Command.Result in(String container, String... argv) {
        return sandbox.inContainer(net.namespacePath(container), files(container), "", argv);
    }

    /** A namespace standing in for another host on the LAN: 10.232.0.2, host side 10.232.0.1. */
    private Path anotherHost() {
        outside = dir.resolve("hosts/outside");
        new LinuxNetHost().createNamespace(outside);
        Command.check(List.of("ip", "link", "add", INSTANCE + "o0", "type", "veth", "peer", "name", "eth0", "netns",
                outside.toString()), "", "veth to outside");
        Command.check(List.of("ip", "addr", "add", "10.232.0.1/30", "dev", INSTANCE + "o0"), "", "addr");
        Command.check(List.of("ip", "link", "set", INSTANCE + "o0", "up"), "", "up");
        Command.check(List.of("nsenter", "--net=" + outside, "ip", "-batch", "-"),
                "addr add 10.232.0.2/30 dev eth0\nlink set eth0 up\nroute add 10.231.0.0/16 via 10.232.0.1\n", "outside");
        return outside;
    }

    @Test
    void containersOnOneNetworkReachEachOtherByNameAndAlias() throws Exception {
        net.create(NetworkSpec.of("front"));
        Endpoint c1 = container("c1", "front", "web");
        Endpoint c2 = container("c2", "front", "db", "cache");
        Endpoint c2b = container("c2b", "front", "cache");

        Command.Result ping = in("c1", "busybox", "ping", "-c", "1", "-W", "3", "db");
        assertThat(ping.ok()).as(ping.stdout() + ping.stderr()).isTrue();
        assertThat(ping.stdout()).contains(c2.ipv4().get());
        assertThat(in("c2", "busybox", "ping", "-c", "1", "-W", "3", "c1").stdout()).contains(c1.ipv4().get());

        Command.Result replicas = in("c1", "busybox", "nslookup", "-type=a", "cache");
        assertThat(replicas.stdout()).contains(c2.ipv4().get()).contains(c2b.ipv4().get());

        Path log = dir.resolve("c2-nc.log");
        sandbox.spawn(net.namespacePath("c2"), log, "busybox", "nc", "-l", "-p", "7000");
        assertThat(Sandbox.await(() -> sandbox.exec(net.namespacePath("c2"), "busybox", "netstat", "-ltn").stdout()
                .contains(":7000"), 10)).isTrue();
        Command.Result send = sandbox.inContainer(net.namespacePath("c1"), files("c1"), "hello by alias\n",
                "busybox", "nc", "-w", "3", "db", "7000");
        assertThat(send.ok()).as(send.stderr()).isTrue();
        assertThat(Sandbox.await(() -> Sandbox.read(log).contains("hello by alias"), 10)).isTrue();

        Command.Result external = in("c1", "busybox", "nslookup", "outside.test");
        assertThat(external.stdout()).contains("192.0.2.123");
    }

    @Test
    void ipv6NetworksGiveAddressesThatAnswerAndResolve() {
        net.create(NetworkSpec.of("six").withEnableIpv6(true).withIpam(List.of(IpamConfig.ofSubnet("10.231.77.0/24"),
                IpamConfig.ofSubnet("fd00:6a:6b::/64"))));
        Endpoint c1 = container("c1", "six");
        net.createNamespace("c2");
        containers.add("c2");
        Endpoint c2 = net.connect("six", EndpointRequest.of("c2", "c2", net.namespacePath("c2"), List.of("v6peer"))
                .withIpv6Address("fd00:6a:6b::99").withIpv4Address("10.231.77.99"));
        net.writeContainerFiles("c2", files("c2"), ContainerFilesSpec.of("c2", List.of("10.231.77.99")));
        assertThat(c1.ipv6Address()).contains("fd00:6a:6b::2/64");
        assertThat(c2.ipv6Address()).contains("fd00:6a:6b::99/64");
        Command.Result ping = in("c1", "busybox", "ping6", "-c", "1", "-W", "3", "fd00:6a:6b::99");
        assertThat(ping.ok()).as(ping.stdout() + ping.stderr()).isTrue();
        assertThat(in("c1", "busybox", "nslookup", "-type=aaaa", "v6peer").stdout()).contains("fd00:6a:6b::99");
    }

    @Test
    void anotherNetworkCannotResolveOrReachThem() {
        net.create(NetworkSpec.of("front"));
        net.create(NetworkSpec.of("back"));
        Endpoint c1 = container("c1", "front");
        Endpoint c3 = container("c3", "back");

        assertThat(in("c3", "busybox", "nslookup", "c1").stdout()).doesNotContain(c1.ipv4().get());
        assertThat(in("c3", "busybox", "ping", "-c", "1", "-W", "2", c1.ipv4().get()).ok()).isFalse();
        assertThat(in("c1", "busybox", "ping", "-c", "1", "-W", "2", c3.ipv4().get()).ok()).isFalse();

        // once c3 joins front too it sees c1
        container("c3", "front");
        assertThat(in("c3", "busybox", "ping", "-c", "1", "-W", "3", "c1").ok()).isTrue();
        net.disconnect("front", "c3");
        assertThat(in("c3", "busybox", "nslookup", "c1").stdout()).doesNotContain(c1.ipv4().get());
    }

    @Test
    void internalNetworkHasNoRouteOutAndOthersAreMasqueraded() throws Exception {
        Path other = anotherHost();
        net.create(NetworkSpec.of("front"));
        net.create(NetworkSpec.of("int").withInternal(true));
        container("c1", "front");
        container("c4", "int");

        assertThat(sandbox.exec(net.namespacePath("c4"), "ip", "route").stdout()).doesNotContain("default");
        Command.Result blocked = in("c4", "busybox", "ping", "-c", "1", "-W", "2", "10.232.0.2");
        assertThat(blocked.ok()).isFalse();
        assertThat(in("c4", "busybox", "nslookup", "outside.test").stdout()).doesNotContain("192.0.2.123");

        Path log = dir.resolve("outside-nc.log");
        sandbox.spawn(other, log, "nc", "-n", "-v", "-l", "10.232.0.2", "7100");
        assertThat(Sandbox.await(() -> sandbox.exec(other, "busybox", "netstat", "-ltn").stdout().contains(":7100"), 10))
                .isTrue();
        Command.Result send = sandbox.inContainer(net.namespacePath("c1"), files("c1"), "out we go\n",
                "busybox", "nc", "-w", "3", "10.232.0.2", "7100");
        assertThat(send.ok()).as(send.stderr()).isTrue();
        assertThat(Sandbox.await(() -> Sandbox.read(log).contains("out we go"), 10)).isTrue();
        // the other host sees the host's address, not the container's: outbound NAT
        assertThat(Sandbox.read(log)).contains("10.232.0.1");
    }

    @Test
    void publishedPortsAnswerOnLoopbackAndFromAnotherHost() throws Exception {
        Path other = anotherHost();
        net.create(NetworkSpec.of("front"));
        Endpoint c1 = container("c1", "front");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from c1\n");
        sandbox.spawn(net.namespacePath("c1"), dir.resolve("httpd.log"), "busybox", "httpd", "-f", "-p", "8080",
                "-h", www.toString());
        Path udpLog = dir.resolve("udp.log");
        sandbox.spawn(net.namespacePath("c1"), udpLog, "nc", "-u", "-l", "9000");
        assertThat(Sandbox.await(() -> sandbox.exec(net.namespacePath("c1"), "busybox", "netstat", "-lnu").stdout()
                .contains(":9000") && sandbox.exec(net.namespacePath("c1"), "busybox", "netstat", "-lnt").stdout()
                .contains(":8080"), 10)).isTrue();

        List<PublishedPort> ports = net.publish("c1", List.of(PortRequest.ephemeral(8080, Protocol.TCP),
                PortRequest.ephemeral(9000, Protocol.UDP)));
        int http = ports.get(0).hostPort();
        int udp = ports.get(1).hostPort();
        assertThat(ports.get(0).toString()).isEqualTo("8080/tcp -> 0.0.0.0:" + http);
        assertThat(net.ports("c1")).isEqualTo(ports);

        assertThat(httpGet("127.0.0.1", http)).contains("hello from c1");
        assertThat(httpGet(c1.ipv4().get(), 8080)).contains("hello from c1");
        Command.Result remote = sandbox.exec(other, "curl", "-sS", "-m", "5", "http://10.232.0.1:" + http + "/");
        assertThat(remote.stdout()).as(remote.stderr()).contains("hello from c1");
        // the other host gets no answer from the containers' DNS server on the gateway address
        Command.Result dig = sandbox.exec(other, "timeout", "3", "busybox", "nslookup", "c1", c1.ipv4Gateway().get());
        assertThat(dig.stdout()).doesNotContain(c1.ipv4().get());
        // and cannot go around the published port to the container itself
        assertThat(sandbox.exec(other, "curl", "-sS", "-m", "2", "http://" + c1.ipv4().get() + ":8080/").ok()).isFalse();

        try (DatagramSocket s = new DatagramSocket()) {
            byte[] msg = "udp hello\n".getBytes(StandardCharsets.UTF_8);
            assertThat(Sandbox.await(() -> {
                try {
                    s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), udp));
                } catch (Exception e) {
                    return false;
                }
                return Sandbox.read(udpLog).contains("udp hello");
            }, 10)).isTrue();
        }

        net.unpublish("c1");
        assertThat(Command.run(List.of("iptables", "-w", "-t", "nat", "-S", "JCOMPOSE_JT-DNAT"), "").stdout())
                .doesNotContain("--dport " + http);
    }

    @Test
    void portConflictFailsClearlyAndLeavesNothingHalfDone() throws Exception {
        net.create(NetworkSpec.of("front"));
        container("c1", "front");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = NetworkingTest.freeRange(1);
            int taken = busy.getLocalPort();
            assertThatThrownBy(() -> net.publish("c1", List.of(PortRequest.of(free, 80, Protocol.TCP),
                    PortRequest.of(taken, 81, Protocol.TCP))))
                    .isInstanceOf(NetworkException.class)
                    .hasMessage("port " + taken + "/tcp on 0.0.0.0 is already in use");
            assertThat(net.ports("c1")).isEmpty();
            assertThat(Command.run(List.of("iptables", "-w", "-t", "nat", "-S", "JCOMPOSE_JT-DNAT"), "").stdout())
                    .doesNotContain("--dport " + free);
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(free));
                assertThat(again.isBound()).isTrue();
            }
        }
    }

    @Test
    void afterRemovalLinksRulesAndDnsAreAsBefore() throws Exception {
        Network front = net.create(NetworkSpec.of("front"));
        net.create(NetworkSpec.of("int").withInternal(true));
        container("c1", "front", "web");
        container("c1", "int");
        container("c2", "int");
        net.publish("c1", List.of(PortRequest.ephemeral(80, Protocol.TCP), PortRequest.ephemeral(53, Protocol.UDP)));
        assertThat(Sandbox.ours(Sandbox.hostSnapshot(), INSTANCE)).isNotEmpty();
        String gateway = front.ipv4Subnet().orElseThrow().gateway();

        for (String c : List.copyOf(containers)) {
            net.release(c);
        }
        containers.clear();
        net.remove("front");
        net.remove("int");
        assertAsBefore();
        assertThat(net.dnsAddress(front.id())).isEmpty();
        assertThat(Command.run(List.of("ip", "-o", "addr"), "").stdout()).doesNotContain(gateway + "/");
        assertThat(dir.resolve("run/netns/c1")).doesNotExist();
    }

    @Test
    void aContainerReleasedLaterStartsAgainAtOnceOnAFreshNamespace() throws Exception {
        net.create(NetworkSpec.of("front"));
        Endpoint old = container("c1", "front", "web");
        container("c2", "front");
        var done = net.releaseLater("c1");
        assertThat(in("c2", "busybox", "nslookup", "web").stdout()).doesNotContain(old.ipv4().get());

        Endpoint again = net.createNamespace("c1", List.of(new Attachment("front",
                EndpointRequest.of("c1", "c1", net.namespacePath("c1"), List.of("web"))))).get(0);
        done.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(new LinuxNetHost().links()).doesNotContain(old.hostVeth()).contains(again.hostVeth());
        assertThat(again.ipv4()).isEqualTo(old.ipv4());
        Command.Result ping = in("c2", "busybox", "ping", "-c", "1", "-W", "3", "web");
        assertThat(ping.ok()).as(ping.stdout() + ping.stderr()).isTrue();
    }

    @Test
    void networksEndpointsPortsAndNamesSurviveAnEngineRestart() throws Exception {
        Network front = net.create(NetworkSpec.of("front"));
        Endpoint c1 = container("c1", "front", "web");
        container("c2", "front");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "still here\n");
        sandbox.spawn(net.namespacePath("c1"), dir.resolve("httpd.log"), "busybox", "httpd", "-f", "-p", "8080",
                "-h", www.toString());
        assertThat(Sandbox.await(() -> sandbox.exec(net.namespacePath("c1"), "busybox", "netstat", "-lnt").stdout()
                .contains(":8080"), 10)).isTrue();
        int port = net.publish("c1", List.of(PortRequest.ephemeral(8080, Protocol.TCP))).get(0).hostPort();

        net.close();
        // the engine is down: NAT rules keep published ports working
        assertThat(httpGet("127.0.0.1", port)).contains("still here");

        net = Networking.open(options());
        assertThat(net.inspect("front").endpoints()).containsOnlyKeys("c1", "c2");
        assertThat(net.ports("c1")).extracting(PublishedPort::hostPort).containsExactly(port);
        assertThat(httpGet("127.0.0.1", port)).contains("still here");
        assertThat(in("c2", "busybox", "nslookup", "web").stdout()).contains(c1.ipv4().get());
        Endpoint c3 = container("c3", "front");
        assertThat(c3.ipv4()).isNotEqualTo(c1.ipv4());
        assertThat(net.dnsAddress(front.id())).isPresent();
    }

    @Test
    void aCrashLeavesNothingTheNextStartDoesNotCleanUp() throws Exception {
        net.create(NetworkSpec.of("front"));
        container("c1", "front");
        net.publish("c1", List.of(PortRequest.ephemeral(80, Protocol.TCP)));
        // "crash": the engine goes away without cleaning, its state is lost, the container dies
        net.close();
        Command.run(List.of("rm", "-rf", dir.resolve("state").toString()), "");
        new LinuxNetHost().deleteNamespace(net.namespacePath("c1"));
        containers.clear();
        net = Networking.open(options());
        assertThat(net.list()).isEmpty();
        assertAsBefore();
    }

    /**
     * No link, rule or chain of this instance is left, and the built-in chains' policies are as
     * they were (other processes may add or remove their own links and rules meanwhile).
     */
    private void assertAsBefore() {
        List<String> now = Sandbox.hostSnapshot();
        assertThat(Sandbox.ours(before, INSTANCE)).isEmpty();
        assertThat(Sandbox.ours(now, INSTANCE)).isEmpty();
        assertThat(now.stream().filter(l -> l.contains(" -P ")).toList())
                .isEqualTo(before.stream().filter(l -> l.contains(" -P ")).toList());
    }

    private static String httpGet(String host, int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET / HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
