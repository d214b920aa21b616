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

/** {@link NetHost} on Linux through iproute2, util-linux and iptables (nft or legacy). */
public final class LinuxNetHost implements NetHost {

    private static final System.Logger LOG = System.getLogger(LinuxNetHost.class.getName());

    private final boolean firewall;
    private final boolean nft;

    public LinuxNetHost() {
        this.firewall = probeIptables();
        this.nft = firewall && Command.run(List.of("nft", "--version"), "").ok();
        if (!firewall) {
            LOG.log(System.Logger.Level.WARNING, "iptables is not usable: no NAT, no isolation rules; "
                    + "published ports use the userland proxy only (install the iptables package)");
        }
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
     * (which would pin the namespaces) nor come back from them.
     */
    private void makePrivate(Path dir) {
        if (privateDirs.contains(dir)) {
            return;
        }
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
        try {
            Files.createDirectories(path.getParent());
            makePrivate(path.getParent());
            Files.deleteIfExists(path);
            Files.createFile(path);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot create " + path + ": " + e.getMessage(), e);
        }
        // unshare(1) creates the namespace in a child and bind-mounts it on the file, so the
        // JVM itself never calls unshare(2)
        Command.check(List.of("unshare", "--net=" + path, "ip", "link", "set", "lo", "up"), "",
                "creating network namespace " + path);
    }

    @Override
    public void deleteNamespace(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        Command.run(List.of("umount", "-l", path.toString()), "");
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

    /**
     * The attach script: the host side in the host netns, then everything inside the container's
     * netns in one nsenter. The texts go in as arguments, so nothing needs quoting.
     */
    private static final String ATTACH_SCRIPT = "set -e\n"
            + "printf '%s' \"$1\" | ip -batch -\n"
            + "exec nsenter --net=\"$2\" sh -c '"
            + "set -e; "
            + "if [ \"$3\" = yes ]; then echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet; fi; "
            + "printf \"%s\" \"$1\" | ip -batch -; "
            + "case \"$2\" in \"\") ;; \"table \"*) printf \"%s\" \"$2\" | nft -f - ;; "
            + "*) printf \"%s\" \"$2\" | iptables-restore -w ;; esac' sh \"$3\" \"$4\" \"$5\"\n";

    @Override
    public void attach(VethSpec s) {
        String host = "link add " + s.hostName() + mtu(s) + " type veth peer name " + s.ifName() + mtu(s)
                + " netns " + s.netns() + "\n"
                + "link set " + s.hostName() + " master " + s.bridge() + " up\n";
        StringBuilder ns = new StringBuilder();
        ns.append("link set lo up\n");
        ns.append("link set ").append(s.ifName()).append(" address ").append(s.mac()).append('\n');
        for (String a : s.addresses()) {
            ns.append("addr add ").append(a).append(" dev ").append(s.ifName()).append(a.contains(":") ? " nodad" : "")
                    .append('\n');
        }
        ns.append("link set ").append(s.ifName()).append(" up\n");
        s.ipv4Gateway().ifPresent(g -> ns.append("route replace default via ").append(g).append('\n'));
        s.ipv6Gateway().ifPresent(g -> ns.append("route replace default via ").append(g).append('\n'));
        // route_localnet lets 127.0.0.11 (the DNS address) be DNATed to the gateway
        String rules = firewall ? s.namespaceRules() : "";
        try {
            Command.check(List.of("sh", "-c", ATTACH_SCRIPT, "attach", host, s.netns().toString(), ns.toString(),
                    rules, firewall ? "yes" : "no"), "", "attaching " + s.ifName() + " in " + s.netns());
        } catch (RuntimeException e) {
            try {
                deleteLink(s.hostName());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
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
