package io.jcompose.network;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A subnet as allocated for a network: the prefix, the range containers get addresses from,
 * the gateway (the bridge's address), and reserved auxiliary addresses.
 */
public record Subnet(String subnet, Optional<String> ipRange, String gateway, Map<String, String> auxAddresses) {

    public Subnet {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Collections.unmodifiableMap(new TreeMap<>(auxAddresses));
    }

    /** The subnet as a prefix. */
    public Cidr cidr() {
        return Cidr.parse(subnet);
    }

    public boolean isIpv6() {
        return cidr().isIpv6();
    }
}
