import io.jcompose.network.AddressPool;
import io.jcompose.network.Attachment;
import io.jcompose.network.Endpoint;
import io.jcompose.network.EndpointRequest;
import io.jcompose.network.Network;
import io.jcompose.network.NetworkOptions;
import io.jcompose.network.NetworkSpec;
import io.jcompose.network.Networking;
import io.jcompose.network.PortRequest;
import io.jcompose.network.Protocol;
import io.jcompose.network.PublishedPort;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Network benchmark: attach time, time until a new name resolves, TCP throughput and latency to a
 * container directly, through a published port by NAT (a host address of ours), through the
 * host's loopback (NAT with route_localnet) and through the userland proxy ([::1]), in one run.
 * Uses its own instance tag ("jb") and subnets, and removes everything at the end.
 */
public final class NetworkBench {

    static final int SECONDS = Integer.getInteger("bench.seconds", 2);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int PINGS = Integer.getInteger("bench.pings", 20_000);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jcompose-netbench");
        String classpath = System.getProperty("java.class.path");
        NetworkOptions options = NetworkOptions.of(dir.resolve("state"), dir.resolve("run")).withInstance("jb")
                .withPools(List.of(AddressPool.parse("base=10.237.0.0/16,size=24"))).withUpstreamDns(List.of());
        Networking net = Networking.open(options);
        Process peer = null;
        List<String> containers = new ArrayList<>();
        Path outside = dir.resolve("hosts/outside");
        quiet("ip", "link", "del", "jbo0");
        try {
            // a host address of our own (on a veth towards a namespace of ours) stands for "the
            // host as other machines see it"; the benchmark never sends to an address it did not make
            Files.createDirectories(outside.getParent());
            Files.createFile(outside);
            run("unshare", "--net=" + outside, "true");
            run("ip", "link", "add", "jbo0", "type", "veth", "peer", "name", "eth0", "netns", outside.toString());
            run("ip", "addr", "add", "10.238.0.1/30", "dev", "jbo0");
            run("ip", "link", "set", "jbo0", "up");
            String check = new String(new ProcessBuilder("ip", "route", "get", "10.238.0.1").start().getInputStream()
                    .readAllBytes());
            if (!check.startsWith("local 10.238.0.1")) {
                throw new IllegalStateException("10.238.0.1 is not local: " + check);
            }
            Network n = net.create(NetworkSpec.of("bench"));

            int attaches = Integer.getInteger("bench.attaches", 20);
            long[] attach = new long[attaches];
            long[] resolve = new long[attaches];
            InetSocketAddress dns = net.dnsAddress(n.id()).orElseThrow();
            resolves(dns, "warm-up.invalid", "");
            for (int i = 0; i < attaches; i++) {
                String c = "bench" + i;
                long t0 = System.nanoTime();
                Endpoint e = start(net, c, "svc" + i);
                containers.add(c);
                long t1 = System.nanoTime();
                attach[i] = t1 - t0;
                while (!resolves(dns, "svc" + i, e.ipv4().get())) {
                    if (System.nanoTime() - t1 > 5_000_000_000L) {
                        throw new IllegalStateException("svc" + i + " did not resolve within 5 s");
                    }
                }
                resolve[i] = System.nanoTime() - t1;
            }
            System.out.printf("attach (netns + veth + address + routes + DNS rules), %d containers:%n", attaches);
            System.out.printf("  median %.1f ms, max %.1f ms%n", median(attach) / 1e6, max(attach) / 1e6);
            System.out.printf("name resolvable after connect returns: median %.2f ms, max %.2f ms (target <= 50 ms)%n",
                    median(resolve) / 1e6, max(resolve) / 1e6);
            releases(net, attaches);

            Path ns0 = net.namespacePath("bench0");
            String java = ProcessHandle.current().info().command().orElse("java");
            peer = new ProcessBuilder("nsenter", "--net=" + ns0, java, "-cp", classpath, "BenchPeer", "600")
                    .redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(peer.getInputStream()));
            if (!"ready".equals(r.readLine())) {
                throw new IllegalStateException("bench peer did not start");
            }
            List<PublishedPort> ports = net.publish("bench0", List.of(PortRequest.ephemeral(5001, Protocol.TCP),
                    PortRequest.ephemeral(5002, Protocol.TCP)));
            int sinkPort = ports.get(0).hostPort();
            int echoPort = ports.get(1).hostPort();
            String cip = net.endpointsOf("bench0").get(0).ipv4().get();

            Map<String, InetSocketAddress[]> paths = new LinkedHashMap<>();
            paths.put("direct to container " + cip, new InetSocketAddress[] {
                    new InetSocketAddress(cip, 5001), new InetSocketAddress(cip, 5002)});
            paths.put("published, NAT via host address 10.238.0.1", new InetSocketAddress[] {
                    new InetSocketAddress("10.238.0.1", sinkPort), new InetSocketAddress("10.238.0.1", echoPort)});
            paths.put("published, host loopback 127.0.0.1", new InetSocketAddress[] {
                    new InetSocketAddress("127.0.0.1", sinkPort), new InetSocketAddress("127.0.0.1", echoPort)});
            paths.put("published, userland proxy [::1]", new InetSocketAddress[] {
                    new InetSocketAddress("::1", sinkPort), new InetSocketAddress("::1", echoPort)});

            for (InetSocketAddress[] p : paths.values()) {
                throughput(p[0]); // warm-up: JIT, conntrack, ARP
            }
            Map<String, List<Double>> mbps = new LinkedHashMap<>();
            paths.keySet().forEach(k -> mbps.put(k, new ArrayList<>()));
            List<Map.Entry<String, InetSocketAddress[]>> order = new ArrayList<>(paths.entrySet());
            for (int round = 0; round < ROUNDS; round++) {
                // rotate the order so that no path always runs first or last
                Collections.rotate(order, 1);
                for (Map.Entry<String, InetSocketAddress[]> p : order) {
                    try {
                        mbps.get(p.getKey()).add(throughput(p.getValue()[0]));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(p.getKey() + ": " + e, e);
                    }
                }
            }
            double direct = medianD(mbps.get(paths.keySet().iterator().next()));
            System.out.printf("TCP throughput, median of %d x %d s, one stream:%n", ROUNDS, SECONDS);
            for (Map.Entry<String, List<Double>> e : mbps.entrySet()) {
                double m = medianD(e.getValue());
                System.out.printf("  %-46s %8.0f MB/s  %5.1f%% of direct%n", e.getKey(), m, 100 * m / direct);
            }
            System.out.printf("TCP latency, 1-byte round trips x %d:%n", PINGS);
            for (Map.Entry<String, InetSocketAddress[]> p : paths.entrySet()) {
                long[] rtt = latency(p.getValue()[1]);
                System.out.printf("  %-46s p50 %6.1f us  p99 %6.1f us%n", p.getKey(), pct(rtt, 50) / 1e3,
                        pct(rtt, 99) / 1e3);
            }
            System.out.println("targets: NAT >= 95% of direct, loopback >= 85% of direct");
        } finally {
            if (peer != null) {
                peer.destroyForcibly();
                peer.waitFor();
            }
            for (String c : containers) {
                net.release(c);
            }
            for (Network n : net.list()) {
                net.remove(n.id());
            }
            net.close();
            quiet("ip", "link", "del", "jbo0");
            quiet("umount", outside.toString());
            quiet("umount", dir.resolve("run/netns").toString());
            quiet("rm", "-rf", dir.toString());
        }
    }

    /** Namespace and endpoint in one step, as the engine makes them. */
    static Endpoint start(Networking net, String c, String alias) {
        return net.createNamespace(c, List.of(new Attachment("bench",
                EndpointRequest.of(c, c, net.namespacePath(c), List.of(alias))))).get(0);
    }

    /**
     * Release of containers 1..n-1 (container 0 stays for the throughput part), each started again at once:
     * release (all host work before it returns) against releaseLater (host work in the background; the restart
     * finishes it first if it is still pending), alternating.
     */
    static void releases(Networking net, int n) throws Exception {
        int half = (n - 1) / 2;
        long[] sync = new long[half];
        long[] later = new long[half];
        long[] restart = new long[half];
        for (int i = 0; i < 2 * half; i++) {
            String c = "bench" + (i + 1);
            long t0 = System.nanoTime();
            if (i % 2 == 0) {
                net.release(c);
                sync[i / 2] = System.nanoTime() - t0;
                Thread.sleep(50);
                start(net, c, "svc" + (i + 1));
            } else {
                java.util.concurrent.Future<Void> done = net.releaseLater(c);
                long t1 = System.nanoTime();
                later[i / 2] = t1 - t0;
                start(net, c, "svc" + (i + 1));
                restart[i / 2] = System.nanoTime() - t1;
                done.get(20, java.util.concurrent.TimeUnit.SECONDS);
                Thread.sleep(50);
            }
        }
        System.out.printf("release, %d containers: median %.1f ms, max %.1f ms%n", half, median(sync) / 1e6,
                max(sync) / 1e6);
        System.out.printf("releaseLater returns: median %.1f ms, max %.1f ms; an immediate restart of the same "
                + "container (finishes the teardown first): median %.1f ms%n", median(later) / 1e6, max(later) / 1e6,
                median(restart) / 1e6);
    }

    static boolean resolves(InetSocketAddress dns, String name, String expected) throws Exception {
        SimpleResolver res = new SimpleResolver(dns);
        res.setTimeout(Duration.ofSeconds(1));
        Message m = res.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
        return m.getSection(Section.ANSWER).stream().anyMatch(rr -> rr.rdataToString().equals(expected));
    }

    static double throughput(InetSocketAddress to) throws Exception {
        try (Socket s = new Socket()) {
            s.setSendBufferSize(4 << 20);
            s.connect(to, 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[1 << 18];
            long sent = 0;
            long t0 = System.nanoTime();
            long end = t0 + SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end) {
                out.write(buf);
                sent += buf.length;
            }
            s.shutdownOutput();
            long got = new DataInputStream(s.getInputStream()).readLong();
            long t1 = System.nanoTime();
            if (got != sent) {
                throw new IllegalStateException("sent " + sent + " bytes, peer got " + got);
            }
            return sent / 1e6 / ((t1 - t0) / 1e9);
        }
    }

    static long[] latency(InetSocketAddress to) throws Exception {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(to, 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            long[] rtt = new long[PINGS];
            for (int i = 0; i < 1000; i++) {
                out.write(1);
                in.read();
            }
            for (int i = 0; i < PINGS; i++) {
                long t0 = System.nanoTime();
                out.write(1);
                if (in.read() < 0) {
                    throw new IllegalStateException("echo closed");
                }
                rtt[i] = System.nanoTime() - t0;
            }
            return rtt;
        }
    }

    static void run(String... cmd) throws Exception {
        if (quiet(cmd) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }

    static int quiet(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor();
    }

    static long median(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    static double medianD(List<Double> a) {
        List<Double> c = new ArrayList<>(a);
        c.sort(null);
        return c.get(c.size() / 2);
    }

    static double pct(long[] a, int p) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c[Math.min(c.length - 1, c.length * p / 100)];
    }
}
