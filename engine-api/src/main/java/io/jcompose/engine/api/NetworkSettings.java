package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code NetworkSettings} of container inspect: the netns, published ports and the networks joined. */
public record NetworkSettings(String sandboxKey, Map<String, List<PortBinding>> ports,
                              @JsonProperty("IPAddress") String ipAddress, String gateway,
                              Map<String, EndpointSettings> networks) {
    public static final NetworkSettings EMPTY = new NetworkSettings("", Map.of(), "", "", Map.of());

    public NetworkSettings {
        sandboxKey = Defaults.str(sandboxKey);
        ports = Defaults.map(ports);
        ipAddress = Defaults.str(ipAddress);
        gateway = Defaults.str(gateway);
        networks = Defaults.map(networks);
    }
}
