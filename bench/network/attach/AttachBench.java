import io.jcompose.network.VethSpec;
import io.jcompose.network.internal.Command;
import io.jcompose.network.internal.FirewallRules;
import io.jcompose.network.internal.LinuxNetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Times {@code LinuxNetHost.createNamespace} of a container with one veth (address, default route, and with or
 * without its DNS rules) and its {@code teardown} through the processes (unshare, nsenter, ip, nft) and through
 * jcompose-netns, interleaved, and prints the median and 90th percentile of each. Host names start with "jnlb";
 * everything is removed at the end.
 */
public final class AttachBench {

    private static final String BRIDGE = "jnlb0";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 50);
        Path dir = Files.createTempDirectory("jcompose-attachbench");
        LinuxNetHost program = new LinuxNetHost();
        LinuxNetHost processes = LinuxNetHost.withProcesses();
        if (!program.usesProgram()) {
            throw new IllegalStateException("jcompose-netns is missing; see the warning above");
        }
        String rules = FirewallRules.namespaceDnsNft("10.236.0.1", "10.236.0.2", 53);
        record Path_(String name, LinuxNetHost host, String rules) {}
        List<Path_> paths = List.of(new Path_("processes, with DNS rules", processes, rules),
                new Path_("jcompose-netns, with DNS rules (libnftables)", program, rules),
                new Path_("processes, no DNS rules", processes, ""),
                new Path_("jcompose-netns, no DNS rules", program, ""));
        long[][] times = new long[paths.size()][rounds];
        long[][] teardowns = new long[paths.size()][rounds];
        program.deleteLink(BRIDGE);
        program.createBridge(BRIDGE, List.of("10.236.0.1/24"), Optional.empty());
        try {
            for (int i = -5; i < rounds; i++) {
                for (int p = 0; p < paths.size(); p++) {
                    Path ns = dir.resolve("netns/c" + p);
                    VethSpec veth = new VethSpec("jnlbv" + p, BRIDGE, ns, "eth0", "02:42:0a:ec:00:02",
                            List.of("10.236.0.2/24"), Optional.of("10.236.0.1"), Optional.empty(), Optional.empty(),
                            paths.get(p).rules());
                    long start = System.nanoTime();
                    paths.get(p).host().createNamespace(ns, List.of(veth));
                    long took = System.nanoTime() - start;
                    if (i >= 0) {
                        times[p][i] = took;
                    }
                    start = System.nanoTime();
                    paths.get(p).host().teardown(List.of(veth.hostName()), ns);
                    if (i >= 0) {
                        teardowns[p][i] = System.nanoTime() - start;
                    }
                }
            }
        } finally {
            program.deleteLink(BRIDGE);
            Command.run(List.of("umount", dir.resolve("netns").toString()), "");
            Command.run(List.of("rm", "-rf", dir.toString()), "");
        }
        System.out.printf("createNamespace with one veth, then its teardown, %d rounds (after 5 warm-up rounds):%n",
                rounds);
        for (int p = 0; p < paths.size(); p++) {
            System.out.printf("  %-45s %s; teardown %s%n", paths.get(p).name(), figures(times[p]),
                    figures(teardowns[p]));
        }
    }

    private static String figures(long[] t) {
        Arrays.sort(t);
        return String.format("median %6.2f ms, p90 %6.2f ms", t[t.length / 2] / 1e6, t[(int) (t.length * 0.9)] / 1e6);
    }
}
