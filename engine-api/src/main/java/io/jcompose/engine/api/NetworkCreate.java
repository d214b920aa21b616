package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;

/** {@code POST /networks/create}. {@code driver} "" means bridge. */
public record NetworkCreate(String name, String driver, boolean internal, boolean attachable,
                            @JsonProperty("EnableIPv6") boolean enableIpv6, @JsonProperty("IPAM") Optional<Ipam> ipam,
                            Map<String, String> options, Map<String, String> labels) {
    public NetworkCreate {
        name = Defaults.str(name);
        driver = Defaults.str(driver);
        ipam = Defaults.opt(ipam);
        options = Defaults.map(options);
        labels = Defaults.map(labels);
    }

    /** A bridge network with the engine's choice of subnet. */
    public static NetworkCreate of(String name, Map<String, String> labels) {
        return new NetworkCreate(name, "bridge", false, false, false, Optional.empty(), Map.of(), labels);
    }
}
