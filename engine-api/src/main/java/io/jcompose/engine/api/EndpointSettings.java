package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container's attachment to one network (request: aliases, static address; inspect: what it got). */
public record EndpointSettings(@JsonProperty("IPAMConfig") Optional<EndpointIpamConfig> ipamConfig,
                               List<String> links, List<String> aliases,
                               @JsonProperty("NetworkID") String networkId, @JsonProperty("EndpointID") String endpointId,
                               String gateway, @JsonProperty("IPAddress") String ipAddress,
                               @JsonProperty("IPPrefixLen") int ipPrefixLen, String macAddress,
                               @JsonProperty("DNSNames") List<String> dnsNames, Map<String, String> driverOpts,
                               @JsonProperty("IPv6Gateway") String ipv6Gateway,
                               @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
                               @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen) {
    public EndpointSettings {
        ipamConfig = Defaults.opt(ipamConfig);
        links = Defaults.list(links);
        aliases = Defaults.list(aliases);
        networkId = Defaults.str(networkId);
        endpointId = Defaults.str(endpointId);
        gateway = Defaults.str(gateway);
        ipAddress = Defaults.str(ipAddress);
        macAddress = Defaults.str(macAddress);
        dnsNames = Defaults.list(dnsNames);
        driverOpts = Defaults.map(driverOpts);
        ipv6Gateway = Defaults.str(ipv6Gateway);
        globalIpv6Address = Defaults.str(globalIpv6Address);
    }

    /** A request to join with these aliases. */
    public static EndpointSettings withAliases(List<String> aliases) {
        return new EndpointSettings(Optional.empty(), List.of(), aliases, "", "", "", "", 0, "", List.of(), Map.of(), "", "",
                0);
    }

    /** {@code IPAMConfig}: a static address asked for. */
    public record EndpointIpamConfig(@JsonProperty("IPv4Address") String ipv4Address,
                                     @JsonProperty("IPv6Address") String ipv6Address) {
        public EndpointIpamConfig {
            ipv4Address = Defaults.str(ipv4Address);
            ipv6Address = Defaults.str(ipv6Address);
        }
    }
}
