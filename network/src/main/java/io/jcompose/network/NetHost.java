package io.jcompose.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one port through which the network module changes the host: links, namespaces, sysctls
 * and iptables. Decisions (names, addresses, rules) are made in plain Java before they get here.
 * {@code LinuxNetHost} makes container namespaces and veths through {@code jcompose-netns} (a small C
 * program) and runs {@code ip}, {@code nsenter}, {@code iptables-restore} for the rest;
 * {@code FakeNetHost} (test-jar) records.
 */
public interface NetHost {

    /** Whether iptables is installed and usable; without it ports use the userland proxy only. */
    boolean firewallAvailable();

    /** Whether the kernel has IPv6 enabled. */
    boolean ipv6Available();

    /** Creates a new network namespace bound to the file {@code path} (like {@code ip netns add}). */
    void createNamespace(Path path);

    /** Unmounts and deletes a namespace file made by {@link #createNamespace}; no-op if absent. */
    void deleteNamespace(Path path);

    /** Tears down what a failed {@link #createNamespace(Path, List)} left; a clean-up failure is kept as suppressed. */
    default RuntimeException undone(RuntimeException failure, Path path, List<VethSpec> veths) {
        try {
            teardown(veths.stream().map(VethSpec::hostName).toList(), path);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    /**
     * {@link #createNamespace} and then {@link #attach} of each veth into it, in order; the Linux host does it
     * all in one process. On failure nothing of it is left.
     */
    default void createNamespace(Path path, List<VethSpec> veths) {
        createNamespace(path);
        try {
            veths.forEach(this::attach);
        } catch (RuntimeException e) {
            throw undone(e, path, veths);
        }
    }

    /**
     * What a container leaves on the host: {@link #deleteLink} of each link, then {@link #deleteNamespace}; the
     * Linux host does it in one process. Links first, so their host ends are gone even if something else still
     * holds the namespace.
     */
    default void teardown(List<String> links, Path netns) {
        links.forEach(this::deleteLink);
        deleteNamespace(netns);
    }

    /** Creates a bridge, gives it the addresses ({@code a.b.c.d/len}), sets it up. */
    void createBridge(String name, List<String> addresses, Optional<Integer> mtu);

    /** Deletes a host link (a bridge, or a veth and with it its peer); no-op if absent. */
    void deleteLink(String name);

    /** Names of the links in the host namespace. */
    List<String> links();

    /** Prefixes ({@code a.b.c.d/len}) the host routes or has addresses in, for subnet choice. */
    List<String> hostPrefixes();

    /** Creates and configures one veth pair, see {@link VethSpec}. */
    void attach(VethSpec spec);

    /** Replaces (or, with an empty gateway, removes) the IPv4 default route inside a netns. */
    void defaultRoute(Path netns, Optional<String> ipv4Gateway);

    /**
     * Replaces the DNS rules inside a container's netns: iptables-restore input (the nat and raw tables), or an
     * nft script, which starts with {@code table }, where {@link #nftInNamespaces()}.
     */
    void namespaceRules(Path netns, String rules);

    /**
     * Whether the rules inside a container's netns should be nft scripts ({@link
     * io.jcompose.network.internal.FirewallRules#namespaceDnsNft}): nft loads them in a fraction of the time
     * iptables-restore takes, which is on the path of every container start.
     */
    default boolean nftInNamespaces() {
        return false;
    }

    /** Writes a host sysctl such as {@code net.ipv4.ip_forward}. */
    void sysctl(String key, String value);

    /**
     * Replaces the contents of jcompose's chains in the host's iptables with {@code rules}
     * (iptables-restore input that declares each chain) and makes sure the jumps exist.
     */
    void applyFirewall(String rules, List<FirewallJump> jumps);

    /** Removes the jumps, then flushes and deletes the chains (table to chain names). */
    void clearFirewall(List<FirewallJump> jumps, Map<String, List<String>> chains);
}
