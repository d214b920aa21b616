package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code GET /networks/{id}} and one row of {@code GET /networks}; {@code created} is RFC 3339. */
public record Network(String name, String id, String created, String scope, String driver,
                      @JsonProperty("EnableIPv6") boolean enableIpv6, @JsonProperty("IPAM") Ipam ipam,
                      boolean internal, boolean attachable, Map<String, NetworkMember> containers,
                      Map<String, String> options, Map<String, String> labels) {
    public Network {
        name = Defaults.str(name);
        id = Defaults.str(id);
        created = created == null || created.isEmpty() ? ContainerState.NEVER : created;
        scope = scope == null || scope.isEmpty() ? "local" : scope;
        driver = Defaults.str(driver);
        ipam = ipam == null ? new Ipam("default", java.util.List.of(), Map.of()) : ipam;
        containers = Defaults.map(containers);
        options = Defaults.map(options);
        labels = Defaults.map(labels);
    }

    /** A container attached to the network. */
    public record NetworkMember(String name, @JsonProperty("EndpointID") String endpointId, String macAddress,
                                @JsonProperty("IPv4Address") String ipv4Address,
                                @JsonProperty("IPv6Address") String ipv6Address) {
        public NetworkMember {
            name = Defaults.str(name);
            endpointId = Defaults.str(endpointId);
            macAddress = Defaults.str(macAddress);
            ipv4Address = Defaults.str(ipv4Address);
            ipv6Address = Defaults.str(ipv6Address);
        }
    }
}
