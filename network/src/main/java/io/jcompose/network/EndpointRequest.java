package io.jcompose.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to attach a container to a network: its netns, the names DNS answers for it (the
 * container name always; aliases typically hold the service name, user aliases and the short
 * container id), and optional static addresses.
 */
public record EndpointRequest(String containerId, String containerName, Path netns, List<String> aliases,
                              Optional<String> ipv4Address, Optional<String> ipv6Address,
                              Optional<String> macAddress) {

    public EndpointRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(netns, "netns");
        aliases = List.copyOf(aliases);
    }

    /** A request with dynamic addresses. */
    public static EndpointRequest of(String containerId, String containerName, Path netns, List<String> aliases) {
        return new EndpointRequest(containerId, containerName, netns, aliases, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public EndpointRequest withIpv4Address(String address) {
        return new EndpointRequest(containerId, containerName, netns, aliases, Optional.of(address), ipv6Address,
                macAddress);
    }

    public EndpointRequest withIpv6Address(String address) {
        return new EndpointRequest(containerId, containerName, netns, aliases, ipv4Address, Optional.of(address),
                macAddress);
    }

    public EndpointRequest withMacAddress(String mac) {
        return new EndpointRequest(containerId, containerName, netns, aliases, ipv4Address, ipv6Address,
                Optional.of(mac));
    }
}
