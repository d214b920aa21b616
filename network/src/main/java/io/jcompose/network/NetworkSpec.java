package io.jcompose.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to create: a network's name and options, shaped after Docker's network create request.
 * Only the {@code bridge} driver exists.
 */
public record NetworkSpec(String name, String driver, boolean internal, boolean attachable,
                          boolean enableIpv6, List<IpamConfig> ipam, Map<String, String> labels,
                          Map<String, String> options) {

    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        ipam = List.copyOf(ipam);
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** A bridge network with defaults: not internal, IPv4 only, subnet from the pool. */
    public static NetworkSpec of(String name) {
        return new NetworkSpec(name, "bridge", false, false, false, List.of(), Map.of(), Map.of());
    }

    public NetworkSpec withInternal(boolean value) {
        return new NetworkSpec(name, driver, value, attachable, enableIpv6, ipam, labels, options);
    }

    public NetworkSpec withAttachable(boolean value) {
        return new NetworkSpec(name, driver, internal, value, enableIpv6, ipam, labels, options);
    }

    public NetworkSpec withEnableIpv6(boolean value) {
        return new NetworkSpec(name, driver, internal, attachable, value, ipam, labels, options);
    }

    public NetworkSpec withIpam(List<IpamConfig> value) {
        return new NetworkSpec(name, driver, internal, attachable, enableIpv6, value, labels, options);
    }

    public NetworkSpec withLabels(Map<String, String> value) {
        return new NetworkSpec(name, driver, internal, attachable, enableIpv6, ipam, value, options);
    }

    public NetworkSpec withLabel(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels);
        m.put(key, value);
        return withLabels(m);
    }

    public NetworkSpec withOption(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new NetworkSpec(name, driver, internal, attachable, enableIpv6, ipam, labels, m);
    }

    public NetworkSpec withDriver(String value) {
        return new NetworkSpec(name, value, internal, attachable, enableIpv6, ipam, labels, options);
    }
}
