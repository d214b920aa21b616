package io.jcompose.network;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@code ipam.config} entry of a network: all parts optional; a missing subnet is chosen
 * from the address pool.
 */
public record IpamConfig(Optional<String> subnet, Optional<String> ipRange, Optional<String> gateway,
                         Map<String, String> auxAddresses) {

    public IpamConfig {
        auxAddresses = Collections.unmodifiableMap(new TreeMap<>(auxAddresses));
    }

    /** An entry with just a subnet. */
    public static IpamConfig ofSubnet(String subnet) {
        return new IpamConfig(Optional.of(subnet), Optional.empty(), Optional.empty(), Map.of());
    }
}
