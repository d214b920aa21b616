package io.jcompose.network.internal;

import io.jcompose.network.FirewallJump;
import io.jcompose.network.NetHost;
import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link NetHost} on Linux: container namespaces and their veths through {@code jcompose-netns}, one small C program
 * per call ({@link NetnsProgram}), so that no JVM thread unshares or calls setns; the rest (bridges, teardown,
 * firewall) through iproute2, util-linux and iptables (nft or legacy). Where the program is missing, namespaces and
 * veths are made by those processes too.
 */
public final class LinuxNetHost implements NetHost {

    private static final System.Logger LOG = System.getLogger(LinuxNetHost.class.getName());

    private final boolean firewall;
    private final boolean nft;
    /** Namespaces and veths through jcompose-netns; empty where it is missing, then the processes do it. */
    private final Optional<NetnsProgram> program;

    /** A host that sets up namespaces and veths through jcompose-netns, or through processes where it is missing. */
    public LinuxNetHost() {
        this(true);
    }

    /**
     * A host that sets up namespaces and veths with unshare, nsenter and ip only: the fall-back path, callable
     * on its own so that tests and the benchmark can compare the two.
     */
    public static LinuxNetHost withProcesses() {
        return new LinuxNetHost(false);
    }

    private LinuxNetHost(boolean useProgram) {
        this.firewall = probeIptables();
        this.nft = firewall && Command.run(List.of("nft", "--version"), "").ok();
        if (!firewall) {
            LOG.log(System.Logger.Level.WARNING, "iptables is not usable: no NAT, no isolation rules; "
                    + "published ports use the userland proxy only (install the iptables package)");
        }
        this.program = useProgram ? findProgram() : Optional.empty();
    }

    private static Optional<NetnsProgram> findProgram() {
        Optional<NetnsProgram> p = NetnsProgram.configured();
        if (p.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no jcompose-netns at " + NetnsProgram.path() + " (set -D"
                    + NetnsProgram.PROPERTY + "=PATH); network namespaces and veths are set up by unshare, nsenter "
                    + "and ip, about 5-8 ms more per container");
        }
        return p;
    }

    /** Whether namespaces and veths are set up through jcompose-netns rather than processes. */
    public boolean usesProgram() {
        return program.isPresent();
    }

    private static boolean probeIptables() {
        try {
            return Command.run(List.of("iptables", "-w", "-t", "nat", "-S", "POSTROUTING"), "").ok();
        } catch (NetworkException e) {
            return false;
        }
    }

    @Override
    public boolean firewallAvailable() {
        return firewall;
    }

    @Override
    public boolean nftInNamespaces() {
        return nft;
    }

    @Override
    public boolean ipv6Available() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6")).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private final java.util.Set<Path> privateDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Makes the directory of the namespace files a private mount of its own, as {@code ip netns}
     * does for /run/netns, so the bind mounts neither propagate into container mount namespaces
     * (which would pin the namespaces) nor come back from them. Once per directory, under a lock: two threads
     * that both bind-mounted the directory would stack two mounts, and the upper one hides the namespace files
     * bound on the lower.
     */
    private void makePrivate(Path dir) {
        if (privateDirs.contains(dir)) {
            return;
        }
        synchronized (privateDirs) {
            if (!privateDirs.contains(dir)) {
                bindPrivate(dir);
            }
        }
    }

    private void bindPrivate(Path dir) {
        try {
            String target = " " + dir.toRealPath() + " ";
            boolean mounted = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(l -> l.contains(target));
            if (!mounted) {
                Command.check(List.of("mount", "--bind", dir.toString(), dir.toString()), "", "bind-mounting " + dir);
            }
            Command.check(List.of("mount", "--make-private", dir.toString()), "", "making " + dir + " private");
            privateDirs.add(dir);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createNamespace(Path path) {
        prepareFile(path);
        if (program.isPresent()) {
            try {
                program.get().createNamespace(path, List.of(), "");
            } catch (RuntimeException e) {
                // the mount is gone already: only the file is left
                throw withoutFile(e, path);
            }
            return;
        }
        Command.check(List.of("unshare", "--net=" + path, "ip", "link", "set", "lo", "up"), "",
                "creating network namespace " + path);
    }

    /**
     * An empty file to bind the new namespace on, as {@code ip netns add} does: by jcompose-netns or by
     * unshare(1).
     */
    private void prepareFile(Path path) {
        try {
            Files.createDirectories(path.getParent());
            makePrivate(path.getParent());
            Files.deleteIfExists(path);
            Files.createFile(path);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteNamespace(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        Command.run(List.of("umount", "-l", path.toString()), "");
        deleteFile(path);
    }

    private static void deleteFile(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createBridge(String name, List<String> addresses, Optional<Integer> mtu) {
        StringBuilder b = new StringBuilder();
        b.append("link add ").append(name).append(" type bridge");
        mtu.ifPresent(m -> b.append(" mtu ").append(m));
        b.append('\n');
        for (String a : addresses) {
            b.append("addr add ").append(a).append(" dev ").append(name).append(a.contains(":") ? " nodad" : "")
                    .append('\n');
        }
        b.append("link set ").append(name).append(" up\n");
        Command.check(List.of("ip", "-batch", "-"), b.toString(), "creating bridge " + name);
    }

    @Override
    public void deleteLink(String name) {
        Command.Result r = Command.run(List.of("ip", "link", "del", name), "");
        if (!r.ok() && !r.stderr().contains("Cannot find device")) {
            throw new NetworkException(NetworkException.Kind.HOST, "deleting link " + name + " failed: "
                    + r.stderr().strip());
        }
    }

    @Override
    public List<String> links() {
        List<String> names = new ArrayList<>();
        for (String line : Command.check(List.of("ip", "-o", "link", "show"), "", "listing links").split("\n")) {
            String[] f = line.split(":\\s+", 3);
            if (f.length >= 2) {
                String n = f[1];
                int at = n.indexOf('@');
                names.add(at < 0 ? n : n.substring(0, at));
            }
        }
        return names;
    }

    @Override
    public List<String> hostPrefixes() {
        List<String> out = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            String routes = Command.check(List.of("ip", family, "route", "show", "table", "all"), "", "listing routes");
            for (String line : routes.split("\n")) {
                String[] f = line.trim().split("\\s+");
                int i = 0;
                if (f.length > 1 && List.of("local", "broadcast", "unicast", "blackhole", "unreachable",
                        "prohibit", "throw", "multicast", "anycast").contains(f[0])) {
                    i = 1;
                }
                if (f.length <= i || f[i].isEmpty() || f[i].equals("default")) {
                    continue;
                }
                String dst = f[i];
                out.add(dst.contains("/") ? dst : dst + (dst.contains(":") ? "/128" : "/32"));
            }
        }
        return out;
    }

    /** The engine's own netns, for the host half of an attach run from inside a container's netns. */
    private static final String HOST_NETNS = "/proc/" + ProcessHandle.current().pid() + "/ns/net";

    /**
     * The attach script, run by a shell already inside the container's netns (entered by nsenter, or made by
     * unshare): the host half (veth pair, host end on the bridge) through nsenter back into the engine's netns,
     * then addresses and routes, then the DNS rules (nft: created, or replaced when the namespace has them
     * already). The texts are arguments fed as here-documents, so nothing needs quoting and no process is spent
     * on printf.
     */
    private static final String ATTACH_SCRIPT = """
            set -e
            if [ -n "$2" ]; then nsenter --net="$1" ip -batch - <<EOF
            $2
            EOF
            fi
            ip -batch - <<EOF
            $3
            EOF
            if [ "$5" = yes ]; then echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet; fi
            case "$4" in
            "") ;;
            "table "*)
            if [ -n "$6" ] && nft -f - 2>/dev/null <<EOF
            $6
            EOF
            then exit 0; fi
            exec nft -f - <<EOF
            $4
            EOF
            ;;
            *) exec iptables-restore -w <<EOF
            $4
            EOF
            ;;
            esac
            """;

    @Override
    public void attach(VethSpec s) {
        if (program.isPresent()) {
            String rules = firewall ? s.namespaceRules() : "";
            program.get().attach(s, rules);
            try {
                iptablesRules(s.netns(), rules);
            } catch (RuntimeException e) {
                throw withoutLink(e, s.hostName());
            }
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + s.netns()));
        cmd.addAll(attachArgs(List.of(s)));
        try {
            Command.check(cmd, "", "attaching " + s.ifName() + " in " + s.netns());
        } catch (RuntimeException e) {
            throw withoutLink(e, s.hostName());
        }
    }

    /** Deletes the namespace file of a failed creation, which jcompose-netns unmounted; as withoutLink. */
    private static RuntimeException withoutFile(RuntimeException failure, Path path) {
        return cleanedUp(failure, () -> deleteFile(path));
    }

    /** Deletes the host end of a failed attach. */
    private RuntimeException withoutLink(RuntimeException failure, String hostName) {
        return cleanedUp(failure, () -> deleteLink(hostName));
    }

    /** {@code failure} after {@code cleanup}; a clean-up failure is kept as suppressed. */
    private static RuntimeException cleanedUp(RuntimeException failure, Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** iptables-restore DNS rules (where nft is missing), which jcompose-netns leaves to one process. */
    private void iptablesRules(Path netns, String rules) {
        if (!rules.isEmpty() && !NetnsProgram.isNft(rules)) {
            namespaceRules(netns, rules);
        }
    }

    /**
     * Through jcompose-netns: the netns, every veth and nft DNS rules in one process (iptables-restore rules in a
     * second). Through processes: unshare(1) makes the netns and runs the attach script for all veths inside it.
     */
    @Override
    public void createNamespace(Path path, List<VethSpec> veths) {
        if (veths.isEmpty()) {
            createNamespace(path);
            return;
        }
        prepareFile(path);
        if (program.isPresent()) {
            String rules = firewall ? veths.stream().map(VethSpec::namespaceRules).collect(Collectors.joining()) : "";
            try {
                program.get().createNamespace(path, veths, rules);
            } catch (RuntimeException e) {
                // the links and the mount are gone already: only the file is left
                throw withoutFile(e, path);
            }
            try {
                iptablesRules(path, rules);
            } catch (RuntimeException e) {
                throw undone(e, path, veths);
            }
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net=" + path));
        cmd.addAll(attachArgs(veths));
        try {
            Command.check(cmd, "", "creating network namespace " + path + " with " + veths.stream()
                    .map(VethSpec::ifName).collect(Collectors.joining(", ")));
        } catch (RuntimeException e) {
            throw undone(e, path, veths);
        }
    }

    /** {@code sh -c ATTACH_SCRIPT ...} for the veths, in order; only their non-empty DNS rules are applied. */
    private List<String> attachArgs(List<VethSpec> veths) {
        StringBuilder host = new StringBuilder();
        StringBuilder ns = new StringBuilder("link set lo up\n");
        StringBuilder rules = new StringBuilder();
        for (VethSpec s : veths) {
            host.append("link add ").append(s.hostName()).append(mtu(s)).append(" type veth peer name ")
                    .append(s.ifName()).append(mtu(s)).append(" netns ").append(s.netns()).append('\n');
            host.append("link set ").append(s.hostName()).append(" master ").append(s.bridge()).append(" up\n");
            ns.append("link set ").append(s.ifName()).append(" address ").append(s.mac()).append('\n');
            for (String a : s.addresses()) {
                ns.append("addr add ").append(a).append(" dev ").append(s.ifName())
                        .append(a.contains(":") ? " nodad" : "").append('\n');
            }
            ns.append("link set ").append(s.ifName()).append(" up\n");
            s.ipv4Gateway().ifPresent(g -> ns.append("route replace default via ").append(g).append('\n'));
            s.ipv6Gateway().ifPresent(g -> ns.append("route replace default via ").append(g).append('\n'));
            if (firewall) {
                rules.append(s.namespaceRules());
            }
        }
        // route_localnet lets 127.0.0.11 (the DNS address) be DNATed to the gateway; only with the rules, whose raw
        // DROP keeps other hosts from reaching the container's loopback through it (none on the default bridge)
        return List.of("sh", "-c", ATTACH_SCRIPT, "attach", HOST_NETNS, host.toString(), ns.toString(),
                rules.toString(), rules.isEmpty() ? "no" : "yes", FirewallRules.namespaceDnsNftCreate(rules.toString()));
    }

    /**
     * Deletes the links and unmounts the netns file in one process. "Cannot find device" is no error: a link
     * may be gone already (deleted with its namespace, or by an earlier, interrupted teardown).
     */
    private static final String TEARDOWN_SCRIPT = """
            r=0
            if [ -n "$1" ]; then ip -force -batch - <<EOF || r=$?
            $1
            EOF
            fi
            if [ -n "$2" ]; then umount -l "$2" 2>/dev/null || true; fi
            exit $r
            """;

    @Override
    public void teardown(List<String> links, Path netns) {
        boolean mounted = Files.exists(netns);
        if (links.isEmpty() && !mounted) {
            return;
        }
        StringBuilder batch = new StringBuilder();
        links.forEach(l -> batch.append("link del ").append(l).append('\n'));
        Command.Result r = Command.run(List.of("sh", "-c", TEARDOWN_SCRIPT, "teardown", batch.toString(),
                mounted ? netns.toString() : ""), "");
        if (!r.ok() && !r.stderr().lines().allMatch(l -> l.isBlank() || l.startsWith("Cannot find device")
                || l.startsWith("Command failed"))) {
            throw new NetworkException(NetworkException.Kind.HOST, "deleting links " + String.join(", ", links)
                    + " failed: " + r.stderr().strip());
        }
        deleteFile(netns);
    }

    private static String mtu(VethSpec s) {
        return s.mtu().map(m -> " mtu " + m).orElse("");
    }

    @Override
    public void defaultRoute(Path netns, Optional<String> ipv4Gateway) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns, "ip", "-4", "route"));
        if (ipv4Gateway.isPresent()) {
            cmd.addAll(List.of("replace", "default", "via", ipv4Gateway.get()));
            Command.check(cmd, "", "setting default route in " + netns);
        } else {
            cmd.addAll(List.of("del", "default"));
            Command.run(cmd, "");
        }
    }

    @Override
    public void namespaceRules(Path netns, String rules) {
        if (!firewall) {
            return;
        }
        List<String> tool = rules.startsWith("table ") ? List.of("nft", "-f", "-") : List.of("iptables-restore", "-w");
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        cmd.addAll(tool);
        Command.check(cmd, rules, "applying DNS rules in " + netns);
    }

    @Override
    public void sysctl(String key, String value) {
        Path p = Path.of("/proc/sys", key.replace('.', '/'));
        try {
            if (!Files.readString(p).trim().equals(value)) {
                Files.writeString(p, value);
            }
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot set " + key + "=" + value + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void applyFirewall(String rules, List<FirewallJump> jumps) {
        if (!firewall) {
            return;
        }
        Command.check(List.of("iptables-restore", "-w", "--noflush"), rules, "applying iptables rules");
        for (FirewallJump j : jumps) {
            List<String> check = new ArrayList<>(List.of("iptables", "-w", "-t", j.table(), "-C", j.builtinChain()));
            check.addAll(j.ruleArgs());
            if (!Command.run(check, "").ok()) {
                List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-t", j.table(), "-I",
                        j.builtinChain(), "1"));
                insert.addAll(j.ruleArgs());
                Command.check(insert, "", "adding jump to " + j.target());
            }
        }
    }

    @Override
    public synchronized void clearFirewall(List<FirewallJump> jumps, Map<String, List<String>> chains) {
        if (!firewall) {
            return;
        }
        for (FirewallJump j : jumps) {
            List<String> del = new ArrayList<>(List.of("iptables", "-w", "-t", j.table(), "-D", j.builtinChain()));
            del.addAll(j.ruleArgs());
            for (int i = 0; i < 16 && Command.run(del, "").ok(); i++) {
                // a crash between check and insert can leave a duplicate; remove them all
            }
        }
        for (Map.Entry<String, List<String>> e : chains.entrySet()) {
            for (String chain : e.getValue()) {
                Command.run(List.of("iptables", "-w", "-t", e.getKey(), "-F", chain), "");
                Command.run(List.of("iptables", "-w", "-t", e.getKey(), "-X", chain), "");
            }
        }
    }
}
