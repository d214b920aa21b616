package io.jcompose.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A top-level network.
 *
 * @param name       the engine-side name ({@code <project>_<key>} unless set or external)
 * @param driver     the driver, if set (bridge by default)
 * @param driverOpts driver options
 * @param external   created outside the project: never created or removed by jcompose
 * @param internal   no route out of the network
 * @param attachable containers outside the project may attach
 * @param enableIpv6 enable_ipv6, if set
 * @param labels     labels
 * @param ipam       address pools
 * @param attributes every attribute, canonical
 */
public record NetworkSpec(String name, Optional<String> driver, Map<String, String> driverOpts, boolean external,
                          boolean internal, boolean attachable, Optional<Boolean> enableIpv6,
                          Map<String, String> labels, List<IpamPool> ipam, Value.Dict attributes) {
    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        driverOpts = Collections.unmodifiableMap(new TreeMap<>(driverOpts));
        Objects.requireNonNull(enableIpv6, "enableIpv6");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        ipam = List.copyOf(ipam);
        Objects.requireNonNull(attributes, "attributes");
    }
}
