package io.jcompose.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Networking against {@link FakeNetHost}. Subnets come from 127.200.0.0/16 so that the DNS
 * listeners and the "containers" (sockets bound to endpoint addresses) are real loopback sockets:
 * DNS and the userland proxy are exercised end to end without root.
 */
class NetworkingTest {

    @TempDir
    Path dir;
    private FakeNetHost host;
    private FakeUpstream upstream;
    private Networking net;

    @BeforeEach
    void open() throws Exception {
        host = new FakeNetHost();
        upstream = new FakeUpstream(Map.of("example.test", "10.9.9.9"));
        net = Networking.open(options(), host);
    }

    private NetworkOptions options() {
        return FakeNetHost.options(dir).withUpstreamDns(List.of(upstream.address()));
    }

    @AfterEach
    void close() {
        net.close();
        upstream.close();
    }

    private Endpoint attach(String network, String container, String... aliases) {
        Path ns = net.namespacePath(container);
        if (!Files.exists(ns)) {
            net.createNamespace(container);
        }
        return net.connect(network, EndpointRequest.of(container, container, ns, List.of(aliases)));
    }

    @Test
    void createInspectListRemove() {
        Network n = net.create(NetworkSpec.of("front").withLabel("com.docker.compose.project", "p"));
        assertThat(n.id()).matches("[0-9a-f]{64}");
        assertThat(n.bridge()).isEqualTo("jc-" + n.id().substring(0, 12));
        assertThat(n.subnets()).containsExactly(new Subnet("127.200.0.0/24", Optional.empty(), "127.200.0.1", Map.of()));
        assertThat(host.links).contains(n.bridge());
        assertThat(host.addresses.get(n.bridge())).containsExactly("127.200.0.1/24");
        assertThat(host.sysctls).containsEntry("net.ipv4.ip_forward", "1")
                .containsEntry("net.ipv4.conf." + n.bridge() + ".route_localnet", "1");
        assertThat(host.firewall).contains("-s 127.200.0.0/24 ! -o " + n.bridge() + " -j MASQUERADE");
        assertThat(net.inspect("front")).isEqualTo(n);
        assertThat(net.inspect(n.id().substring(0, 5))).isEqualTo(n);
        Network back = net.create(NetworkSpec.of("back"));
        assertThat(back.subnets().get(0).subnet()).isEqualTo("127.200.1.0/24");
        assertThat(net.list()).extracting(Network::name).containsExactly("back", "front");
        assertThatThrownBy(() -> net.create(NetworkSpec.of("front"))).isInstanceOf(NetworkException.class)
                .hasMessage("network with name front already exists");
        net.remove("front");
        net.remove(back.id());
        assertThat(net.list()).isEmpty();
        assertThat(host.links).isEmpty();
        assertThat(host.firewall).isEmpty();
        assertThatThrownBy(() -> net.inspect("front")).hasMessage("network front not found")
                .extracting(e -> ((NetworkException) e).kind()).isEqualTo(NetworkException.Kind.NOT_FOUND);
    }

    @Test
    void badSpecsAreClearErrors() {
        assertThatThrownBy(() -> net.create(NetworkSpec.of("a b"))).hasMessageContaining("invalid network name \"a b\"");
        assertThatThrownBy(() -> net.create(NetworkSpec.of("o").withDriver("overlay")))
                .hasMessage("network driver \"overlay\" is not supported (only bridge)");
        net.create(NetworkSpec.of("one").withIpam(List.of(IpamConfig.ofSubnet("127.77.0.0/16"))));
        assertThatThrownBy(() -> net.create(NetworkSpec.of("two").withIpam(List.of(IpamConfig.ofSubnet("127.77.5.0/24")))))
                .hasMessage("subnet 127.77.5.0/24 overlaps with 127.77.0.0/16 already in use");
        host.hostPrefixes.add("10.88.0.0/16");
        assertThatThrownBy(() -> net.create(NetworkSpec.of("three").withIpam(List.of(IpamConfig.ofSubnet("10.88.0.0/24")))))
                .hasMessage("subnet 10.88.0.0/24 overlaps with 10.88.0.0/16 already in use");
        assertThat(net.list()).extracting(Network::name).containsExactly("one");
    }

    @Test
    void connectAssignsInterfacesAddressesRoutesAndDns() {
        Network front = net.create(NetworkSpec.of("front"));
        Network back = net.create(NetworkSpec.of("back").withInternal(true));
        Endpoint a = attach("front", "c1", "web");
        Endpoint b = attach("front", "c2");
        Endpoint a2 = attach("back", "c1");
        assertThat(a.ifName()).isEqualTo("eth0");
        assertThat(a.ipv4Address()).contains("127.200.0.2/24");
        assertThat(a.macAddress()).isEqualTo("02:42:7f:c8:00:02");
        assertThat(b.ipv4Address()).contains("127.200.0.3/24");
        assertThat(a2.ifName()).isEqualTo("eth1");
        assertThat(a2.ipv4Address()).contains("127.200.1.2/24");
        assertThat(host.attached).hasSize(3);
        assertThat(host.attached.get(0).ipv4Gateway()).contains("127.200.0.1");
        assertThat(host.attached.get(2).ipv4Gateway()).isEmpty();
        assertThat(host.attached.get(2).namespaceRules()).isEmpty();
        assertThat(host.namespaceRules.get(net.namespacePath("c1"))).contains("--to-destination 127.200.0.1:0");
        assertThat(net.endpointsOf("c1")).extracting(Endpoint::networkId).containsExactly(front.id(), back.id());
        assertThatThrownBy(() -> attach("front", "c1")).hasMessage("endpoint with name c1 already exists in network front");
        assertThatThrownBy(() -> net.remove("front")).hasMessageContaining("has active endpoints (c1, c2)");

        net.disconnect("front", "c1");
        assertThat(host.links).doesNotContain(a.hostVeth());
        assertThat(host.namespaceRules.get(net.namespacePath("c1"))).contains("--to-destination 127.200.1.1:0");
        Endpoint again = attach("front", "c3");
        assertThat(again.ipv4Address()).contains("127.200.0.2/24");
        net.release("c1");
        assertThat(net.endpointsOf("c1")).isEmpty();
        assertThat(net.namespacePath("c1")).doesNotExist();
    }

    @Test
    void createNamespaceWithAttachmentsConnectsInOrderInOneHostStep() {
        net.create(NetworkSpec.of("front"));
        net.create(NetworkSpec.of("back").withInternal(true));
        Path ns = net.namespacePath("c1");
        List<Attachment> both = List.of(new Attachment("back", EndpointRequest.of("c1", "c1", ns, List.of())),
                new Attachment("front", EndpointRequest.of("c1", "c1", ns, List.of("web"))));

        List<Endpoint> eps = net.createNamespace("c1", both);

        assertThat(eps).extracting(Endpoint::ifName).containsExactly("eth0", "eth1");
        assertThat(net.endpointsOf("c1")).isEqualTo(eps);
        assertThat(host.log).containsSubsequence("createNamespace " + ns, "attach " + eps.get(0).hostVeth(),
                "attach " + eps.get(1).hostVeth());
        // DNS rules come with the first endpoint, the default route with the first that is not internal
        assertThat(host.attached.get(0).namespaceRules()).contains("--to-destination 127.200.1.1:0");
        assertThat(host.attached.get(0).ipv4Gateway()).isEmpty();
        assertThat(host.attached.get(1).namespaceRules()).isEmpty();
        assertThat(host.attached.get(1).ipv4Gateway()).contains("127.200.0.1");
        assertThatThrownBy(() -> net.createNamespace("c2", both)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultBridgeHasNoBuiltInDnsAsInDocker() {
        Network bridge = net.create(NetworkSpec.of("bridge").withOption(Network.DEFAULT_BRIDGE_OPTION, "true"));
        Path ns = net.namespacePath("c1");

        net.createNamespace("c1", List.of(new Attachment("bridge", EndpointRequest.of("c1", "c1", ns, List.of()))));

        assertThat(bridge.embeddedDns()).isFalse();
        assertThat(net.dnsAddress(bridge.id())).isEmpty();
        assertThat(host.attached.get(0).namespaceRules()).isEmpty();
        assertThat(host.attached.get(0).ipv4Gateway()).contains("127.200.0.1");
    }

    @Test
    void aFailedCreateNamespaceLeavesNothingBehind() {
        net.create(NetworkSpec.of("front"));
        Path ns = net.namespacePath("c1");
        host.failNextAttach = true;
        assertThatThrownBy(() -> net.createNamespace("c1", List.of(new Attachment("front",
                EndpointRequest.of("c1", "c1", ns, List.of()))))).hasMessageContaining("Operation not permitted");
        assertThat(net.inspect("front").endpoints()).isEmpty();
        assertThat(ns).doesNotExist();
    }

    @Test
    void aFailedAttachLeavesNoEndpointBehind() {
        net.create(NetworkSpec.of("front"));
        host.failNextAttach = true;
        assertThatThrownBy(() -> attach("front", "c1")).isInstanceOf(NetworkException.class)
                .hasMessageContaining("Operation not permitted");
        assertThat(net.inspect("front").endpoints()).isEmpty();
        assertThat(attach("front", "c2").ipv4Address()).contains("127.200.0.2/24");
    }

    @Test
    void parallelConnectsGetDistinctAddresses() throws Exception {
        net.create(NetworkSpec.of("front"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Endpoint>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String c = "p" + i;
                net.createNamespace(c);
                results.add(pool.submit(() -> net.connect("front", EndpointRequest.of(c, c, net.namespacePath(c),
                        List.of()))));
            }
            Set<String> seen = new HashSet<>();
            for (Future<Endpoint> f : results) {
                assertThat(seen.add(f.get(30, TimeUnit.SECONDS).ipv4Address().get())).isTrue();
            }
            assertThat(net.inspect("front").endpoints()).hasSize(16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void staticAddressAndMac() {
        net.create(NetworkSpec.of("front").withIpam(List.of(new IpamConfig(Optional.of("127.201.0.0/24"),
                Optional.of("127.201.0.128/25"), Optional.empty(), Map.of()))));
        net.createNamespace("s1");
        Endpoint e = net.connect("front", EndpointRequest.of("s1", "s1", net.namespacePath("s1"), List.of())
                .withIpv4Address("127.201.0.9").withMacAddress("02:00:00:00:00:aa"));
        assertThat(e.ipv4Address()).contains("127.201.0.9/24");
        assertThat(e.macAddress()).isEqualTo("02:00:00:00:00:aa");
        assertThat(attach("front", "s2").ipv4Address()).contains("127.201.0.128/24");
        net.createNamespace("s3");
        assertThatThrownBy(() -> net.connect("front", EndpointRequest.of("s3", "s3", net.namespacePath("s3"), List.of())
                .withIpv4Address("127.201.0.9"))).hasMessage("address 127.201.0.9 is already in use");
        assertThat(host.attached).hasSize(2);
    }

    @Test
    void stateSurvivesRestartAndStaleLinksAreRemoved() {
        Network n = net.create(NetworkSpec.of("front"));
        Endpoint e1 = attach("front", "c1");
        Endpoint e2 = attach("front", "c2");
        net.close();
        host.links.add("jc-0123456789ab");
        host.links.add("jcv0123456789ab");
        host.links.remove(e2.hostVeth());
        net = Networking.open(options(), host);
        assertThat(host.links).doesNotContain("jc-0123456789ab", "jcv0123456789ab").contains(n.bridge(), e1.hostVeth());
        Network back = net.inspect("front");
        assertThat(back.endpoints()).containsOnlyKeys("c1");
        assertThat(back.subnets()).isEqualTo(n.subnets());
        assertThat(net.dnsAddress(n.id())).isPresent();
    }

    @Test
    void dnsAnswersByScopeOfTheAskingContainer() throws Exception {
        Network a = net.create(NetworkSpec.of("a"));
        net.create(NetworkSpec.of("b"));
        Network internal = net.create(NetworkSpec.of("i").withInternal(true));
        Endpoint c1 = attach("a", "c1");
        Endpoint c2 = attach("a", "c2", "db", "svc");
        Endpoint c4 = attach("a", "c4", "svc");
        Endpoint c3 = attach("b", "c3");
        Endpoint c5 = attach("i", "c5");
        InetSocketAddress dnsA = net.dnsAddress(a.id()).orElseThrow();
        String from1 = c1.ipv4().orElseThrow();

        assertThat(addresses(ask(dnsA, from1, "c2", Type.A))).containsExactly(c2.ipv4().get());
        assertThat(addresses(ask(dnsA, from1, "DB", Type.A))).containsExactly(c2.ipv4().get());
        assertThat(addresses(ask(dnsA, from1, "svc", Type.A))).containsExactlyInAnyOrder(c2.ipv4().get(), c4.ipv4().get());
        Message aaaa = ask(dnsA, from1, "c2", Type.AAAA);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        assertThat(addresses(ask(dnsA, from1, "example.test", Type.A))).containsExactly("10.9.9.9");
        assertThat(ask(dnsA, from1, "nothing.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        InetSocketAddress dnsB = net.dnsAddress(c3.networkId()).orElseThrow();
        assertThat(ask(dnsB, c3.ipv4().get(), "c1", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(ask(dnsB, c3.ipv4().get(), "c3", Type.A))).containsExactly(c3.ipv4().get());

        InetSocketAddress dnsI = net.dnsAddress(internal.id()).orElseThrow();
        assertThat(ask(dnsI, c5.ipv4().get(), "example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(addresses(ask(dnsI, c5.ipv4().get(), "c5", Type.A))).containsExactly(c5.ipv4().get());

        String rev = new StringBuilder().append(String.join(".", reverse(c2.ipv4().get()))).append(".in-addr.arpa").toString();
        assertThat(ask(dnsA, from1, rev, Type.PTR).getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("c2.a.");

        // the host itself may ask (it sees the arrival network's names)
        assertThat(addresses(ask(dnsA, "127.0.0.1", "c2", Type.A))).containsExactly(c2.ipv4().get());

        // a new container is resolvable as soon as connect returns
        Endpoint c6 = attach("a", "c6");
        assertThat(addresses(ask(dnsA, from1, "c6", Type.A))).containsExactly(c6.ipv4().get());
        net.disconnect("a", "c6");
        assertThat(ask(dnsA, from1, "c6", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void dnsOverTcpAndPerContainerUpstreams() throws Exception {
        Network a = net.create(NetworkSpec.of("a"));
        Endpoint c1 = attach("a", "c1");
        attach("a", "c2", "db");
        InetSocketAddress dns = net.dnsAddress(a.id()).orElseThrow();
        SimpleResolver tcp = new SimpleResolver(dns);
        tcp.setTCP(true);
        tcp.setLocalAddress(new InetSocketAddress(InetAddress.getByName(c1.ipv4().get()), 0));
        Message m = tcp.send(Message.newQuery(Record.newRecord(Name.fromString("db."), Type.A, DClass.IN)));
        assertThat(addresses(m)).hasSize(1);

        try (FakeUpstream own = new FakeUpstream(Map.of("example.test", "10.1.1.1"))) {
            Path files = dir.resolve("files");
            net.writeContainerFiles("c1", files, ContainerFilesSpec.of("c1", List.of(c1.ipv4().get()))
                    .withDns(List.of("127.0.0.1:" + own.address().getPort()), List.of(), List.of()));
            assertThat(Files.readString(files.resolve("resolv.conf"))).contains("nameserver 127.0.0.11\n");
            assertThat(addresses(ask(dns, c1.ipv4().get(), "example.test", Type.A))).containsExactly("10.1.1.1");
            // c2 keeps the default upstream
            String c2 = net.endpointsOf("c2").get(0).ipv4().get();
            assertThat(addresses(ask(dns, c2, "example.test", Type.A))).containsExactly("10.9.9.9");
            // and the choice survives a restart
            net.close();
            net = Networking.open(options(), host);
            InetSocketAddress again = net.dnsAddress(a.id()).orElseThrow();
            assertThat(addresses(ask(again, c1.ipv4().get(), "example.test", Type.A))).containsExactly("10.1.1.1");
        }
        assertThatThrownBy(() -> net.setDnsServers("c1", List.of("dns.example"))).hasMessage("invalid dns server \"dns.example\"");
    }

    @Test
    void withoutIptablesResolvConfNamesTheGateway() throws Exception {
        net.close();
        host = new FakeNetHost();
        host.firewallAvailable = false;
        net = Networking.open(options(), host);
        net.create(NetworkSpec.of("front"));
        Endpoint e = attach("front", "web");
        net.writeContainerFiles("web", dir.resolve("f"), ContainerFilesSpec.of("web", List.of(e.ipv4().get())));
        assertThat(Files.readString(dir.resolve("f/resolv.conf"))).contains("nameserver 127.200.0.1\n");
    }

    @Test
    void containerIdsCannotEscapeTheRunDirectory() {
        assertThatThrownBy(() -> net.namespacePath("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> net.namespacePath("a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> reverse(String ip) {
        List<String> p = new ArrayList<>(List.of(ip.split("\\.")));
        java.util.Collections.reverse(p);
        return p;
    }

    static Message ask(InetSocketAddress server, String from, String name, int type) throws Exception {
        return ask(server, from, name, type, Duration.ofSeconds(3));
    }

    static Message ask(InetSocketAddress server, String from, String name, int type, Duration timeout)
            throws Exception {
        SimpleResolver r = new SimpleResolver(server);
        r.setLocalAddress(new InetSocketAddress(InetAddress.getByName(from), 0));
        r.setTimeout(timeout);
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }

    @Test
    void publishedTcpAndUdpPortsReachTheContainerThroughTheProxy() throws Exception {
        net.create(NetworkSpec.of("front"));
        Endpoint e = attach("front", "web");
        InetAddress cip = InetAddress.getByName(e.ipv4().get());
        try (ServerSocket echo = new ServerSocket(0, 5, cip); DatagramSocket uecho = new DatagramSocket(0, cip)) {
            startTcpEcho(echo);
            startUdpEcho(uecho);
            List<PublishedPort> ports = net.publish("web", List.of(
                    PortRequest.ephemeral(echo.getLocalPort(), Protocol.TCP).withHostIp("127.0.0.1"),
                    PortRequest.ephemeral(uecho.getLocalPort(), Protocol.UDP).withHostIp("127.0.0.1")));
            assertThat(ports).hasSize(2);
            assertThat(ports.get(0).hostPort()).isPositive();
            assertThat(host.firewall).contains("-d 127.0.0.1/32 ! -i jc-").contains("--dport " + ports.get(0).hostPort()
                    + " -j DNAT --to-destination " + e.ipv4().get() + ":" + echo.getLocalPort());
            try (Socket s = new Socket("127.0.0.1", ports.get(0).hostPort())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
            }
            try (DatagramSocket c = new DatagramSocket()) {
                c.setSoTimeout(5_000);
                byte[] msg = "ping".getBytes(StandardCharsets.UTF_8);
                c.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), ports.get(1).hostPort()));
                DatagramPacket in = new DatagramPacket(new byte[100], 100);
                c.receive(in);
                assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8)).isEqualTo("ping");
            }
            assertThat(net.ports("web")).isEqualTo(ports);
            net.unpublish("web");
            assertThat(host.firewall).doesNotContain("DNAT --to");
            try (ServerSocket again = new ServerSocket()) {
                // the proxy's side of the finished connection may sit in TIME_WAIT, as after any server
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(0).hostPort()));
                assertThat(again.getLocalPort()).isEqualTo(ports.get(0).hostPort());
            }
        }
    }

    @Test
    void portConflictNamesThePortAndLeavesNothingHalfDone() throws Exception {
        net.create(NetworkSpec.of("front"));
        attach("front", "web");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = freeRange(1);
            int taken = busy.getLocalPort();
            assertThatThrownBy(() -> net.publish("web", List.of(
                    PortRequest.of(free, 80, Protocol.TCP).withHostIp("127.0.0.1"),
                    PortRequest.of(taken, 81, Protocol.TCP).withHostIp("127.0.0.1"))))
                    .isInstanceOf(NetworkException.class)
                    .hasMessage("port " + taken + "/tcp on 127.0.0.1 is already in use");
            assertThat(net.ports("web")).isEmpty();
            assertThat(host.firewall).doesNotContain("DNAT --to");
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), free));
                assertThat(again.isBound()).isTrue();
            }
        }
    }

    @Test
    void portRangesMapOneToOneOrTakeTheFirstFreePort() throws Exception {
        net.create(NetworkSpec.of("front"));
        attach("front", "web");
        int base = freeRange(3);
        List<PublishedPort> pair = net.publish("web", List.of(
                PortRequest.parse("127.0.0.1:" + base + "-" + (base + 1) + ":80-81/udp")));
        assertThat(pair).containsExactly(new PublishedPort("127.0.0.1", base, 80, Protocol.UDP),
                new PublishedPort("127.0.0.1", base + 1, 81, Protocol.UDP));
        try (ServerSocket busy = new ServerSocket(base, 1, InetAddress.getLoopbackAddress())) {
            List<PublishedPort> one = net.publish("web", List.of(
                    PortRequest.parse("127.0.0.1:" + base + "-" + (base + 2) + ":8080")));
            assertThat(one).containsExactly(new PublishedPort("127.0.0.1", base + 1, 8080, Protocol.TCP));
        }
    }

    /**
     * The first of {@code n} consecutive ports that are free on loopback (TCP and UDP) now, below
     * the kernel's ephemeral range so that no other process's outgoing connection takes them
     * while the test runs (see ip_local_port_range in ip-sysctl(7)).
     */
    static int freeRange(int n) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(12_000);
            boolean ok = true;
            for (int p = base; p < base + n && ok; p++) {
                try (ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                     DatagramSocket u = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    ok = t.isBound() && u.isBound();
                } catch (java.io.IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    @Test
    void parallelEphemeralPortsNeverCollide() throws Exception {
        net.create(NetworkSpec.of("front"));
        for (int i = 0; i < 8; i++) {
            attach("front", "c" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<PublishedPort>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String c = "c" + i;
                results.add(pool.submit(() -> net.publish(c, List.of(
                        PortRequest.ephemeral(80, Protocol.TCP).withHostIp("127.0.0.1"),
                        PortRequest.ephemeral(81, Protocol.TCP).withHostIp("127.0.0.1")))));
            }
            Set<Integer> seen = new HashSet<>();
            for (Future<List<PublishedPort>> f : results) {
                for (PublishedPort p : f.get(30, TimeUnit.SECONDS)) {
                    assertThat(seen.add(p.hostPort())).as("port %d handed out twice", p.hostPort()).isTrue();
                }
            }
            assertThat(seen).hasSize(16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void publishNeedsARoutedNetwork() {
        net.create(NetworkSpec.of("i").withInternal(true));
        attach("i", "c");
        assertThatThrownBy(() -> net.publish("c", List.of(PortRequest.ephemeral(80, Protocol.TCP))))
                .hasMessageContaining("not connected to a network that is not internal");
    }

    @Test
    void pruneRemovesUnusedNetworksOnly() {
        net.create(NetworkSpec.of("used"));
        net.create(NetworkSpec.of("idle").withLabel("keep", "no"));
        net.create(NetworkSpec.of("other"));
        attach("used", "c");
        assertThat(net.prune(n -> !n.labels().containsKey("x"))).containsExactly("idle", "other");
        assertThat(net.list()).extracting(Network::name).containsExactly("used");
    }

    @Test
    void withoutIptablesPortsStillWorkThroughTheProxy() throws Exception {
        net.close();
        host = new FakeNetHost();
        host.firewallAvailable = false;
        net = Networking.open(options(), host);
        net.create(NetworkSpec.of("front"));
        Endpoint e = attach("front", "web");
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getByName(e.ipv4().get()))) {
            startTcpEcho(echo);
            PublishedPort p = net.publish("web", List.of(PortRequest.ephemeral(echo.getLocalPort(), Protocol.TCP)
                    .withHostIp("127.0.0.1"))).get(0);
            try (Socket s = new Socket("127.0.0.1", p.hostPort())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("x".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                assertThat(s.getInputStream().readAllBytes()).containsExactly('x');
            }
        }
        assertThat(host.firewall).isEmpty();
    }

    static void startTcpEcho(ServerSocket server) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception ignored) {
                    // closed
                }
            }
        }, "tcp-echo");
        t.setDaemon(true);
        t.start();
    }

    static void startUdpEcho(DatagramSocket socket) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                } catch (Exception ignored) {
                    // closed
                }
            }
        }, "udp-echo");
        t.setDaemon(true);
        t.start();
    }
}
