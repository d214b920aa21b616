package io.jcompose.network;

import java.util.Objects;

/**
 * A port that is published: where it listens on the host and where it leads in the container.
 * {@code hostIp} is {@code 0.0.0.0} for all addresses (IPv4 and IPv6).
 */
public record PublishedPort(String hostIp, int hostPort, int containerPort, Protocol protocol) {

    public PublishedPort {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** Whether this listens on every host address. */
    public boolean wildcard() {
        return hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /** {@code 80/tcp -> 0.0.0.0:32768}, the way {@code docker port} prints it. */
    @Override
    public String toString() {
        String ip = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        return containerPort + "/" + protocol.text() + " -> " + ip + ":" + hostPort;
    }
}
