package io.jcompose.network.internal;

import io.jcompose.network.Cidr;
import io.jcompose.network.NetworkException;
import io.jcompose.network.PortRequest;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The published ports of all containers and the sockets that hold them. Publishing is all or
 * nothing: every socket is bound before anything is recorded, and a failure closes the ones
 * already bound.
 */
public final class PortTable {

    private record Held(PortLease lease, PortProxy proxy) {}

    private final Function<String, Optional<InetSocketAddress>> targetOf;
    private final Map<String, List<Held>> byContainer = new TreeMap<>();

    /** {@code targetOf} gives a container's current address (port ignored) for the proxy. */
    public PortTable(Function<String, Optional<InetSocketAddress>> targetOf) {
        this.targetOf = targetOf;
    }

    /** Binds every requested port for a container, or none. */
    public synchronized List<PortLease> publish(String containerId, List<PortRequest> requests) {
        List<Held> bound = new ArrayList<>();
        try {
            for (PortRequest r : requests) {
                String hostIp = r.hostIp().map(PortTable::normalize).orElse("0.0.0.0");
                int count = r.containerPortLast() - r.containerPortFirst() + 1;
                for (int i = 0; i < count; i++) {
                    int containerPort = r.containerPortFirst() + i;
                    if (r.hostPortFirst() == 0) {
                        bound.add(hold(containerId, hostIp, 0, r, containerPort));
                    } else if (count > 1 || r.hostPortFirst() == r.hostPortLast()) {
                        bound.add(hold(containerId, hostIp, r.hostPortFirst() + i, r, containerPort));
                    } else {
                        bound.add(firstFree(containerId, hostIp, r, containerPort));
                    }
                }
            }
        } catch (RuntimeException e) {
            bound.forEach(h -> h.proxy().close());
            throw e;
        }
        byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).addAll(bound);
        return bound.stream().map(Held::lease).toList();
    }

    private Held firstFree(String containerId, String hostIp, PortRequest r, int containerPort) {
        for (int p = r.hostPortFirst(); p <= r.hostPortLast(); p++) {
            try {
                return hold(containerId, hostIp, p, r, containerPort);
            } catch (NetworkException e) {
                if (e.kind() != NetworkException.Kind.CONFLICT || e.getMessage().contains("not an address")) {
                    throw e;
                }
            }
        }
        throw new NetworkException(NetworkException.Kind.CONFLICT, "no free port in " + r.hostPortFirst() + "-"
                + r.hostPortLast() + "/" + r.protocol().text() + " on " + hostIp);
    }

    private Held hold(String containerId, String hostIp, int hostPort, PortRequest r, int containerPort) {
        PortProxy proxy = PortProxy.bind(hostIp, hostPort, r.protocol(),
                () -> targetOf.apply(containerId).map(a -> new InetSocketAddress(a.getAddress(), containerPort)));
        return new Held(new PortLease(containerId, hostIp, proxy.port(), r.protocol(), containerPort), proxy);
    }

    /** Binds a lease again after an engine restart. */
    public synchronized void rebind(PortLease l) {
        PortProxy proxy = PortProxy.bind(l.hostIp(), l.hostPort(), l.protocol(),
                () -> targetOf.apply(l.containerId()).map(a -> new InetSocketAddress(a.getAddress(), l.containerPort())));
        byContainer.computeIfAbsent(l.containerId(), k -> new ArrayList<>()).add(new Held(l, proxy));
    }

    /** Closes and forgets these leases of a container. */
    public synchronized void remove(String containerId, List<PortLease> leases) {
        List<Held> held = byContainer.getOrDefault(containerId, List.of());
        List<Held> keep = new ArrayList<>();
        for (Held h : held) {
            if (leases.contains(h.lease())) {
                h.proxy().close();
            } else {
                keep.add(h);
            }
        }
        if (keep.isEmpty()) {
            byContainer.remove(containerId);
        } else {
            byContainer.put(containerId, keep);
        }
    }

    public synchronized List<PortLease> leases(String containerId) {
        return byContainer.getOrDefault(containerId, List.of()).stream().map(Held::lease).toList();
    }

    public synchronized Set<String> containers() {
        return Set.copyOf(byContainer.keySet());
    }

    /** Closes every socket (engine shutdown); NAT rules stay and keep carrying traffic. */
    public synchronized void closeAll() {
        byContainer.values().forEach(l -> l.forEach(h -> h.proxy().close()));
        byContainer.clear();
    }

    private static String normalize(String hostIp) {
        if (hostIp.isEmpty() || PortProxy.wildcard(hostIp)) {
            return "0.0.0.0";
        }
        try {
            return Cidr.text(Cidr.parseAddress(hostIp));
        } catch (IllegalArgumentException e) {
            throw new NetworkException(NetworkException.Kind.INVALID, "invalid host_ip \"" + hostIp + "\"");
        }
    }

    /** Whether NAT rules apply to this host IP (IPv4 or wildcard). */
    public static boolean ipv4(String hostIp) {
        return PortProxy.wildcard(hostIp) || Cidr.parseAddress(hostIp) instanceof Inet4Address;
    }

    /** The destination for a NAT rule: a specific IPv4 address or 0.0.0.0 for any. */
    public static String ruleAddress(String hostIp) {
        return PortProxy.ruleAddress(hostIp);
    }
}
