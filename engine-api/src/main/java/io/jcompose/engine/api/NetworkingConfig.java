package io.jcompose.engine.api;

import java.util.Map;

/** {@code NetworkingConfig} of a create request: the networks to join, by name, with their endpoint settings. */
public record NetworkingConfig(Map<String, EndpointSettings> endpointsConfig) {
    public static final NetworkingConfig NONE = new NetworkingConfig(Map.of());

    public NetworkingConfig {
        endpointsConfig = Defaults.map(endpointsConfig);
    }
}
