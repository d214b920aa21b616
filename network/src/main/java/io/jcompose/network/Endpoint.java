package io.jcompose.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One container attached to one network: the veth pair, the interface name inside the
 * container and its addresses ({@code a.b.c.d/len}), as Docker reports an endpoint. {@code seq}
 * orders a container's endpoints by connect time: the first non-internal one gives the default
 * route and carries published ports, the first one carries DNS.
 */
public record Endpoint(String id, String networkId, String containerId, String containerName,
                       String netns, String ifName, String hostVeth, String macAddress,
                       Optional<String> ipv4Address, Optional<String> ipv6Address,
                       Optional<String> ipv4Gateway, Optional<String> ipv6Gateway,
                       List<String> aliases, long seq) {

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(containerId, "containerId");
        aliases = List.copyOf(aliases);
    }

    /** The network namespace file this endpoint lives in. */
    public Path netnsPath() {
        return Path.of(netns);
    }

    /** The IPv4 address without its prefix length, if any. */
    public Optional<String> ipv4() {
        return ipv4Address.map(a -> a.substring(0, a.indexOf('/')));
    }

    /** The IPv6 address without its prefix length, if any. */
    public Optional<String> ipv6() {
        return ipv6Address.map(a -> a.substring(0, a.indexOf('/')));
    }
}
