package io.jcompose.network;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A network as it exists: its id (64 hex digits, like Docker's), the Linux bridge that carries
 * it, its allocated subnets and its endpoints keyed by container id. This is also the persisted
 * state of the network.
 */
public record Network(String id, String name, String bridge, String driver, boolean internal,
                      boolean attachable, boolean enableIpv6, List<Subnet> subnets,
                      Map<String, String> labels, Map<String, String> options, String created,
                      Map<String, Endpoint> endpoints) {

    public Network {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        subnets = List.copyOf(subnets);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        options = Collections.unmodifiableMap(new TreeMap<>(options));
        endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
    }

    /** The first IPv4 subnet, if any. */
    public Optional<Subnet> ipv4Subnet() {
        return subnets.stream().filter(s -> !s.isIpv6()).findFirst();
    }

    /** The first IPv6 subnet, if any. */
    public Optional<Subnet> ipv6Subnet() {
        return subnets.stream().filter(Subnet::isIpv6).findFirst();
    }

    public Network withEndpoints(Map<String, Endpoint> value) {
        return new Network(id, name, bridge, driver, internal, attachable, enableIpv6, subnets, labels, options,
                created, value);
    }

    /** The option Docker's default {@code bridge} network carries; it has no built-in DNS. */
    public static final String DEFAULT_BRIDGE_OPTION = "com.docker.network.bridge.default_bridge";

    /**
     * Whether containers on it reach the built-in DNS and resolve each other by name: on every network but the
     * default bridge, as in Docker.
     */
    public boolean embeddedDns() {
        return !"true".equals(options.get(DEFAULT_BRIDGE_OPTION));
    }

    /** The short id Docker prints: the first 12 hex digits. */
    public String shortId() {
        return id.substring(0, 12);
    }
}
