package io.jcompose.network.internal;

import io.jcompose.network.Endpoint;
import io.jcompose.network.Network;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of who is called what on which network, rebuilt on every change and
 * read by the DNS server without locks. Names are the container name and the endpoint's aliases,
 * case-insensitive.
 */
public final class NameTable {

    /** The addresses one name has on one network. */
    public record Addresses(List<String> ipv4, List<String> ipv6) {}

    private final Map<String, Network> networks = new HashMap<>();
    private final Map<String, Map<String, Addresses>> names = new HashMap<>();
    private final Map<String, String> containerByAddress = new HashMap<>();
    private final Map<String, Set<String>> networksByContainer = new HashMap<>();
    private final Map<String, String> ptr = new HashMap<>();
    private final Map<String, List<InetSocketAddress>> upstreams;

    private NameTable(Map<String, List<InetSocketAddress>> upstreams) {
        this.upstreams = Map.copyOf(upstreams);
    }

    public static final NameTable EMPTY = of(List.of(), Map.of());

    /** Builds the table from the networks and their endpoints (in connect order per container). */
    public static NameTable of(List<Network> networks, Map<String, List<InetSocketAddress>> upstreams) {
        NameTable t = new NameTable(upstreams);
        for (Network n : networks) {
            t.networks.put(n.id(), n);
            Map<String, Addresses> byName = new HashMap<>();
            Map<String, LinkedHashSet<String>> v4 = new HashMap<>();
            Map<String, LinkedHashSet<String>> v6 = new HashMap<>();
            for (Endpoint e : n.endpoints().values()) {
                t.networksByContainer.computeIfAbsent(e.containerId(), k -> new LinkedHashSet<>()).add(n.id());
                e.ipv4().ifPresent(a -> {
                    t.containerByAddress.put(n.id() + "|" + a, e.containerId());
                    t.ptr.put(n.id() + "|" + a, e.containerName() + "." + n.name());
                });
                e.ipv6().ifPresent(a -> t.containerByAddress.put(n.id() + "|" + a, e.containerId()));
                for (String name : namesOf(e)) {
                    e.ipv4().ifPresent(a -> v4.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(a));
                    e.ipv6().ifPresent(a -> v6.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(a));
                    v4.computeIfAbsent(name, k -> new LinkedHashSet<>());
                    v6.computeIfAbsent(name, k -> new LinkedHashSet<>());
                }
            }
            for (String name : v4.keySet()) {
                byName.put(name, new Addresses(List.copyOf(v4.get(name)), List.copyOf(v6.get(name))));
            }
            t.names.put(n.id(), byName);
        }
        return t;
    }

    private static Set<String> namesOf(Endpoint e) {
        Set<String> s = new LinkedHashSet<>();
        s.add(e.containerName().toLowerCase(Locale.ROOT));
        e.aliases().forEach(a -> s.add(a.toLowerCase(Locale.ROOT)));
        return s;
    }

    /** Whether {@code address} lies in one of the subnets of {@code networkId}. */
    public boolean inSubnet(String networkId, String address) {
        Network n = networks.get(networkId);
        if (n == null) {
            return false;
        }
        java.net.InetAddress a = io.jcompose.network.Cidr.parseAddress(address);
        return n.subnets().stream().anyMatch(s -> s.cidr().contains(a));
    }

    /** The container that has {@code address} on {@code networkId}, if any. */
    public Optional<String> containerAt(String networkId, String address) {
        return Optional.ofNullable(containerByAddress.get(networkId + "|" + address));
    }

    /**
     * The networks whose names a query from {@code address}, arriving on {@code networkId}, may
     * see: all networks of the asking container, or just the arrival network for a stranger.
     */
    public List<Network> scope(String networkId, String address) {
        List<Network> out = new ArrayList<>();
        Optional<String> c = containerAt(networkId, address);
        if (c.isPresent()) {
            for (String id : networksByContainer.getOrDefault(c.get(), Set.of())) {
                out.add(networks.get(id));
            }
        } else if (networks.containsKey(networkId)) {
            out.add(networks.get(networkId));
        }
        return out;
    }

    /** What {@code name} means on these networks, or empty when no network knows it. */
    public Optional<Addresses> lookup(List<Network> scope, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        boolean known = false;
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (Network n : scope) {
            Addresses a = names.getOrDefault(n.id(), Map.of()).get(key);
            if (a != null) {
                known = true;
                a.ipv4().stream().filter(x -> !v4.contains(x)).forEach(v4::add);
                a.ipv6().stream().filter(x -> !v6.contains(x)).forEach(v6::add);
            }
        }
        return known ? Optional.of(new Addresses(v4, v6)) : Optional.empty();
    }

    /** The PTR name ({@code container.network}) for an IPv4 address on one of these networks. */
    public Optional<String> reverse(List<Network> scope, String address) {
        for (Network n : scope) {
            String p = ptr.get(n.id() + "|" + address);
            if (p != null) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The resolvers to forward to for the asking container, empty for the defaults. */
    public List<InetSocketAddress> upstreamsFor(String networkId, String address) {
        return containerAt(networkId, address).map(c -> upstreams.getOrDefault(c, List.of())).orElse(List.of());
    }
}
