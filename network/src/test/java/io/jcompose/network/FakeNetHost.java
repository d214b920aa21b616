package io.jcompose.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link NetHost} that records what would be done to the host. Namespaces are plain files so
 * that existence checks work; links are a set of names; the last firewall text is kept. Use it
 * with {@link #options(Path)}: {@code Networking.open(FakeNetHost.options(dir), new FakeNetHost())}.
 */
public final class FakeNetHost implements NetHost {

    public final Set<String> links = new LinkedHashSet<>();
    public final Map<String, List<String>> addresses = new LinkedHashMap<>();
    public final Map<String, String> sysctls = new LinkedHashMap<>();
    public final List<VethSpec> attached = new ArrayList<>();
    /** Namespace and link changes in the order they happened, as "createNamespace PATH", "deleteLink NAME"... */
    public final List<String> log = new ArrayList<>();
    public final Map<Path, String> namespaceRules = new LinkedHashMap<>();
    public final Map<Path, Optional<String>> defaultRoutes = new LinkedHashMap<>();
    public final List<String> hostPrefixes = new ArrayList<>(List.of("192.0.2.0/24", "127.0.0.0/8"));
    public String firewall = "";
    public boolean firewallAvailable = true;
    public boolean ipv6 = true;
    public int firewallApplies;
    /** When set, the next {@link #attach} fails like a refused netlink request. */
    public volatile boolean failNextAttach;
    /** When set, the next {@link #teardown} fails before it deletes anything. */
    public volatile boolean failNextTeardown;

    /**
     * Options that suit this fake: subnets in 127.200.0.0/16, so DNS listeners bind on loopback,
     * an ephemeral DNS port, and no upstream resolvers (unknown names get SERVFAIL; nothing is
     * forwarded off the machine).
     */
    public static NetworkOptions options(Path dir) {
        return NetworkOptions.of(dir.resolve("state"), dir.resolve("run"))
                .withPools(List.of(AddressPool.parse("base=127.200.0.0/16,size=24"))).withDnsPort(0)
                .withUpstreamDns(List.of());
    }

    @Override
    public boolean firewallAvailable() {
        return firewallAvailable;
    }

    @Override
    public boolean ipv6Available() {
        return ipv6;
    }

    @Override
    public synchronized void createNamespace(Path path) {
        log.add("createNamespace " + path);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, "netns");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void deleteNamespace(Path path) {
        log.add("deleteNamespace " + path);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void teardown(List<String> links, Path netns) {
        if (failNextTeardown) {
            failNextTeardown = false;
            throw new NetworkException(NetworkException.Kind.HOST, "deleting links " + links + " failed: "
                    + "RTNETLINK answers: Device or resource busy");
        }
        NetHost.super.teardown(links, netns);
    }

    @Override
    public synchronized void createBridge(String name, List<String> addrs, Optional<Integer> mtu) {
        if (!links.add(name)) {
            throw new NetworkException(NetworkException.Kind.HOST, "RTNETLINK answers: File exists");
        }
        addresses.put(name, List.copyOf(addrs));
    }

    @Override
    public synchronized void deleteLink(String name) {
        log.add("deleteLink " + name);
        links.remove(name);
        addresses.remove(name);
    }

    @Override
    public synchronized List<String> links() {
        return List.copyOf(links);
    }

    @Override
    public List<String> hostPrefixes() {
        return List.copyOf(hostPrefixes);
    }

    @Override
    public synchronized void attach(VethSpec spec) {
        if (failNextAttach) {
            failNextAttach = false;
            throw new NetworkException(NetworkException.Kind.HOST, "attaching " + spec.ifName() + " failed: "
                    + "RTNETLINK answers: Operation not permitted");
        }
        if (!links.contains(spec.bridge())) {
            throw new NetworkException(NetworkException.Kind.HOST, "no bridge " + spec.bridge());
        }
        links.add(spec.hostName());
        attached.add(spec);
        log.add("attach " + spec.hostName());
        if (!spec.namespaceRules().isEmpty()) {
            namespaceRules.put(spec.netns(), spec.namespaceRules());
        }
        defaultRoutes.put(spec.netns(), spec.ipv4Gateway().or(() -> defaultRoutes.getOrDefault(spec.netns(),
                Optional.empty())));
    }

    @Override
    public synchronized void defaultRoute(Path netns, Optional<String> ipv4Gateway) {
        defaultRoutes.put(netns, ipv4Gateway);
    }

    @Override
    public synchronized void namespaceRules(Path netns, String rules) {
        namespaceRules.put(netns, rules);
    }

    @Override
    public synchronized void sysctl(String key, String value) {
        sysctls.put(key, value);
    }

    @Override
    public synchronized void applyFirewall(String rules, List<FirewallJump> jumps) {
        if (firewallAvailable) {
            firewall = rules;
            firewallApplies++;
        }
    }

    @Override
    public synchronized void clearFirewall(List<FirewallJump> jumps, Map<String, List<String>> chains) {
        firewall = "";
    }
}
