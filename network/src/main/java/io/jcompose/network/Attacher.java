package io.jcompose.network;

import io.jcompose.network.internal.FirewallRules;
import io.jcompose.network.internal.Ipam;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Connects and disconnects endpoints; called by {@link Networking} under its lock. */
final class Attacher {

    private final Networking net;

    Attacher(Networking net) {
        this.net = net;
    }

    /** An endpoint reserved in the state (address, interface name) whose veth is not made yet. */
    record Prepared(Endpoint endpoint, VethSpec spec) {}

    /**
     * Reserves an endpoint in the state; the caller then runs {@link Prepared#spec()} unlocked.
     *
     * @param netnsMade whether the netns must exist already (not when it is made in the same host step)
     */
    Prepared prepare(Network n, EndpointRequest req, boolean netnsMade) {
        String cid = req.containerId();
        Networking.checkId(cid);
        if (n.endpoints().containsKey(cid)) {
            throw new NetworkException(NetworkException.Kind.CONFLICT, "endpoint with name " + req.containerName()
                    + " already exists in network " + n.name());
        }
        if (netnsMade && !Files.exists(req.netns())) {
            throw new NetworkException(NetworkException.Kind.NOT_FOUND, "network namespace " + req.netns()
                    + " of container " + req.containerName() + " does not exist");
        }
        List<Endpoint> existing = net.endpointsOf(cid);
        Set<String> ifNames = new HashSet<>();
        existing.forEach(e -> ifNames.add(e.ifName()));
        int i = 0;
        while (ifNames.contains("eth" + i)) {
            i++;
        }
        String ifName = "eth" + i;
        Optional<String> v4 = n.ipv4Subnet().map(s -> Ipam.allocate(s, used(n, false), req.ipv4Address()));
        Optional<String> v6;
        if (n.ipv6Subnet().isPresent()) {
            v6 = Optional.of(Ipam.allocate(n.ipv6Subnet().get(), used(n, true), req.ipv6Address()));
        } else if (req.ipv6Address().isPresent()) {
            throw new NetworkException(NetworkException.Kind.INVALID, "ipv6_address " + req.ipv6Address().get()
                    + " given, but network " + n.name() + " has no IPv6 subnet (enable_ipv6)");
        } else {
            v6 = Optional.empty();
        }
        String id = Networking.hex(32);
        String mac = req.macAddress().map(Ipam::checkMac)
                .orElseGet(() -> v4.map(a -> Ipam.macFor(a.substring(0, a.indexOf('/')))).orElse(Ipam.macFromHex(id)));
        boolean routed = !n.internal() && net.primary(cid).isEmpty();
        Optional<String> gw4 = routed ? n.ipv4Subnet().map(Subnet::gateway) : Optional.empty();
        Optional<String> gw6 = routed ? n.ipv6Subnet().map(Subnet::gateway) : Optional.empty();
        long seq = existing.stream().mapToLong(Endpoint::seq).max().orElse(0) + 1;
        Endpoint ep = new Endpoint(id, n.id(), cid, req.containerName(), req.netns().toString(), ifName,
                net.vethName(id), mac, v4, v6, n.ipv4Subnet().map(Subnet::gateway),
                n.ipv6Subnet().map(Subnet::gateway), req.aliases(), seq);
        String rules = existing.isEmpty() ? dnsRules(n, ep) : "";
        VethSpec spec = new VethSpec(ep.hostVeth(), n.bridge(), req.netns(), ifName, mac, concat(v4, v6), gw4, gw6,
                Networking.mtu(n), rules);
        Map<String, Endpoint> eps = new TreeMap<>(n.endpoints());
        eps.put(cid, ep);
        net.put(n.withEndpoints(eps));
        return new Prepared(ep, spec);
    }

    /** Drops a reserved endpoint whose veth could not be made. */
    void forget(Endpoint ep) {
        net.find(ep.networkId()).ifPresent(n -> {
            Map<String, Endpoint> eps = new TreeMap<>(n.endpoints());
            if (eps.remove(ep.containerId(), ep)) {
                net.put(n.withEndpoints(eps));
            }
        });
    }

    /** Detaches a running container: deletes the veth, then repairs its default route and DNS rules. */
    void disconnect(Network n, String containerId) {
        Endpoint ep = n.endpoints().get(containerId);
        if (ep == null) {
            throw new NetworkException(NetworkException.Kind.NOT_FOUND, "container " + containerId
                    + " is not connected to network " + n.name());
        }
        Optional<Endpoint> primaryBefore = net.primary(containerId);
        Optional<Endpoint> dnsBefore = net.endpointsOf(containerId).stream().findFirst();
        net.host().deleteLink(ep.hostVeth());
        Map<String, Endpoint> eps = new TreeMap<>(n.endpoints());
        eps.remove(containerId);
        net.put(n.withEndpoints(eps));
        net.refreshNames();
        boolean nsAlive = Files.exists(ep.netnsPath());
        Optional<Endpoint> primaryAfter = net.primary(containerId);
        if (nsAlive && primaryBefore.map(Endpoint::id).equals(Optional.of(ep.id())) && primaryAfter.isPresent()) {
            net.host().defaultRoute(ep.netnsPath(), primaryAfter.get().ipv4Gateway());
        }
        if (nsAlive && dnsBefore.map(Endpoint::id).equals(Optional.of(ep.id()))) {
            Optional<Endpoint> dnsAfter = net.endpointsOf(containerId).stream().findFirst();
            String empty = net.host().nftInNamespaces() ? FirewallRules.namespaceEmptyNft() : FirewallRules.namespaceEmpty();
            String rules = dnsAfter.map(d -> dnsRules(net.inspect(d.networkId()), d)).orElse(empty);
            net.host().namespaceRules(ep.netnsPath(), rules.isEmpty() ? empty : rules);
        }
        net.syncFirewall();
    }

    private String dnsRules(Network n, Endpoint ep) {
        Optional<String> gw = n.ipv4Subnet().map(Subnet::gateway);
        if (!n.embeddedDns() || gw.isEmpty() || ep.ipv4().isEmpty()) {
            return "";
        }
        return net.host().nftInNamespaces() ? FirewallRules.namespaceDnsNft(gw.get(), ep.ipv4().get(), net.dnsPort())
                : FirewallRules.namespaceDns(gw.get(), ep.ipv4().get(), net.dnsPort());
    }

    private static List<String> concat(Optional<String> a, Optional<String> b) {
        List<String> out = new java.util.ArrayList<>();
        a.ifPresent(out::add);
        b.ifPresent(out::add);
        return out;
    }

    private Set<String> used(Network n, boolean v6) {
        Set<String> s = net.heldAddresses(n.id(), v6);
        for (Endpoint e : n.endpoints().values()) {
            (v6 ? e.ipv6() : e.ipv4()).ifPresent(s::add);
        }
        return s;
    }
}
