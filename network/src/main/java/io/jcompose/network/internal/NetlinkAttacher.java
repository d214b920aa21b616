package io.jcompose.network.internal;

import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a container's network namespace and its veth pairs from the calling thread through rtnetlink, what the
 * process path does with unshare, nsenter, ip and nft in about five times the time. The thread enters the
 * container's namespace only to open a netlink socket there, write a sysctl and load the DNS rules (libnftables);
 * the socket keeps working on that namespace after the thread is back, so the rest is requests on two sockets,
 * one per namespace.
 */
final class NetlinkAttacher {

    /** Per namespace: /proc/sys/net resolves by the network namespace of the thread that opens the file. */
    private static final Path ROUTE_LOCALNET = Path.of("/proc/sys/net/ipv4/conf/all/route_localnet");

    private static final System.Logger LOG = System.getLogger(NetlinkAttacher.class.getName());

    private final Syscalls sys;
    private final ThreadNetns netns;
    /** nft scripts in the process; empty where libnftables cannot load, then the caller runs nft. */
    private final Optional<Nftables> nftables;

    private NetlinkAttacher(Syscalls sys, Optional<Nftables> nftables) {
        this.sys = sys;
        this.netns = new ThreadNetns(sys);
        this.nftables = nftables;
    }

    /** Binds libc and opens a netlink socket once; throws where either cannot work on this host. */
    static NetlinkAttacher load() {
        Syscalls sys = Syscalls.load();
        NetlinkSocket.open(sys).close();
        return new NetlinkAttacher(sys, loadNftables());
    }

    private static Optional<Nftables> loadNftables() {
        try {
            return Optional.of(Nftables.load());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.INFO, "libnftables is not usable (" + e + "); DNS rules are loaded by "
                    + "the nft or iptables-restore process");
            return Optional.empty();
        }
    }

    /** Whether {@code rules} (an nft script, see {@link FirewallRules#namespaceDnsNft}) can go in here. */
    boolean appliesRules(String rules) {
        return nftables.isPresent() && rules.startsWith("table ");
    }

    /**
     * A new namespace bound on {@code file} (an existing empty file) with loopback up and the veths of
     * {@code veths}; {@code routeLocalnet} sets that sysctl inside, {@code rules} (empty, or an nft script that
     * {@link #appliesRules} accepts) are loaded inside. On failure the links made are deleted again; the mount is
     * the caller's to undo.
     */
    void createNamespace(Path file, List<VethSpec> veths, boolean routeLocalnet, String rules) {
        try (NetlinkSocket inside = netns.create(file, () -> openInside(file, routeLocalnet, rules))) {
            configure(inside, file, veths);
        }
    }

    /** One veth into the existing namespace {@code s.netns()}; on failure the link made is deleted again. */
    void attach(VethSpec s, boolean routeLocalnet, String rules) {
        try (NetlinkSocket inside = netns.enter(s.netns(), () -> openInside(s.netns(), routeLocalnet, rules))) {
            configure(inside, s.netns(), List.of(s));
        }
    }

    /** What has to be done from inside the namespace: the socket, the sysctl, the DNS rules. */
    private NetlinkSocket openInside(Path file, boolean routeLocalnet, String rules) {
        NetlinkSocket socket = NetlinkSocket.open(sys);
        try {
            if (routeLocalnet) {
                // lets 127.0.0.11 (the DNS address) be DNATed to the gateway; only with the DNS rules, whose raw
                // DROP keeps other hosts from reaching the container's loopback through it
                Files.writeString(ROUTE_LOCALNET, "1");
            }
            if (!rules.isEmpty()) {
                loadRules(file, rules);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new NetworkException(NetworkException.Kind.HOST, "cannot set route_localnet in the container's "
                    + "namespace: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Creates the table where the namespace has none (a replace's table deletion costs more than the rest); only
     * if that fails, because an earlier attach made the table, is it replaced.
     */
    private void loadRules(Path file, String rules) {
        Nftables nft = nftables.orElseThrow();
        String create = FirewallRules.namespaceDnsNftCreate(rules);
        if (!create.isEmpty() && nft.run(create).isEmpty()) {
            return;
        }
        nft.run(rules).ifPresent(error -> {
            throw new NetworkException(NetworkException.Kind.HOST, "applying DNS rules in " + file + " failed: "
                    + error);
        });
    }

    /** All host ends first, then loopback and the container ends, in the order of {@code veths}. */
    private void configure(NetlinkSocket insideSocket, Path file, List<VethSpec> veths) {
        int nsFd = sys.openReadOnly(file.toString());
        try (NetlinkSocket hostSocket = NetlinkSocket.open(sys)) {
            Rtnetlink host = new Rtnetlink(hostSocket);
            Rtnetlink inside = new Rtnetlink(insideSocket);
            List<String> made = new ArrayList<>();
            try {
                for (VethSpec s : veths) {
                    host.createVeth(s, host.linkIndex(s.bridge()), nsFd);
                    made.add(s.hostName());
                }
                inside.setUp("lo");
                veths.forEach(s -> containerEnd(inside, s));
            } catch (RuntimeException e) {
                // deleting a host end deletes its peer too
                for (String link : made) {
                    try {
                        host.deleteLink(link);
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
        } finally {
            sys.close(nsFd);
        }
    }

    private static void containerEnd(Rtnetlink ns, VethSpec s) {
        int index = ns.linkIndex(s.ifName());
        for (String a : s.addresses()) {
            ns.addAddress(index, s.ifName(), a);
        }
        ns.setUp(index, s.ifName());
        s.ipv4Gateway().ifPresent(ns::replaceDefaultRoute);
        s.ipv6Gateway().ifPresent(ns::replaceDefaultRoute);
    }
}
