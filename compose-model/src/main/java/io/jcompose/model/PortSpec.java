package io.jcompose.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A published or exposed port of a service in long form.
 *
 * @param hostIp    the host address to bind, if any
 * @param published the host port or range ({@code "8080"}, {@code "8000-8010"}), if published
 * @param target    the container port
 * @param protocol  tcp, udp or sctp
 * @param mode      ingress or host
 */
public record PortSpec(Optional<String> hostIp, Optional<String> published, int target, String protocol,
                       String mode) {
    public PortSpec {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(mode, "mode");
    }
}
