package io.jcompose.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's attachment to a network.
 *
 * @param aliases     extra DNS names on that network
 * @param ipv4Address a fixed IPv4 address, if any
 * @param ipv6Address a fixed IPv6 address, if any
 * @param priority    connection order (higher first)
 */
public record ServiceNetwork(List<String> aliases, Optional<String> ipv4Address, Optional<String> ipv6Address,
                             int priority) {
    public ServiceNetwork {
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(ipv4Address, "ipv4Address");
        Objects.requireNonNull(ipv6Address, "ipv6Address");
    }
}
