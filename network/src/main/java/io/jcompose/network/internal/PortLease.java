package io.jcompose.network.internal;

import io.jcompose.network.Protocol;
import io.jcompose.network.PublishedPort;

/** A published port held for a container, as persisted so it survives an engine restart. */
public record PortLease(String containerId, String hostIp, int hostPort, Protocol protocol, int containerPort) {

    public PublishedPort toPublished() {
        return new PublishedPort(hostIp, hostPort, containerPort, protocol);
    }
}
