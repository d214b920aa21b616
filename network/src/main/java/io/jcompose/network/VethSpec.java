package io.jcompose.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link NetHost#attach} does in one step: a veth pair whose host end joins
 * {@code bridge} and whose other end appears in {@code netns} as {@code ifName} with the given
 * MAC, addresses ({@code a.b.c.d/len}) and default routes; loopback is brought up, and
 * {@code namespaceRules} (iptables-restore input or an nft script, see {@link NetHost#namespaceRules}; may be
 * empty) are applied inside the netns.
 */
public record VethSpec(String hostName, String bridge, Path netns, String ifName, String mac,
                       List<String> addresses, Optional<String> ipv4Gateway, Optional<String> ipv6Gateway,
                       Optional<Integer> mtu, String namespaceRules) {

    public VethSpec {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(netns, "netns");
        addresses = List.copyOf(addresses);
    }
}
