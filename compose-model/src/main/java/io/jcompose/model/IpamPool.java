package io.jcompose.model;

import java.util.Objects;
import java.util.Optional;

/** One {@code ipam.config} entry of a network. */
public record IpamPool(Optional<String> subnet, Optional<String> gateway, Optional<String> ipRange) {
    public IpamPool {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(ipRange, "ipRange");
    }
}
