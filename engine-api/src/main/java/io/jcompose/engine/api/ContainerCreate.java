package io.jcompose.engine.api;

import java.util.Objects;

/**
 * A create request ({@code POST /containers/create}): on the wire the {@code Config} fields sit at the top
 * level beside {@code HostConfig} and {@code NetworkingConfig}; {@link io.jcompose.engine.api.json.Json} knows that.
 */
public record ContainerCreate(ContainerConfig config, HostConfig hostConfig, NetworkingConfig networkingConfig) {
    public ContainerCreate {
        Objects.requireNonNull(config, "config");
        hostConfig = hostConfig == null ? HostConfig.defaults() : hostConfig;
        networkingConfig = networkingConfig == null ? NetworkingConfig.NONE : networkingConfig;
    }

    /** A request to run {@code image} with Docker's defaults. */
    public static ContainerCreate of(String image) {
        return new ContainerCreate(ContainerConfig.of(image), HostConfig.defaults(), NetworkingConfig.NONE);
    }

    public ContainerCreate withConfig(ContainerConfig newConfig) {
        return new ContainerCreate(newConfig, hostConfig, networkingConfig);
    }

    public ContainerCreate withHostConfig(HostConfig newHostConfig) {
        return new ContainerCreate(config, newHostConfig, networkingConfig);
    }

    public ContainerCreate withNetworkingConfig(NetworkingConfig newNetworkingConfig) {
        return new ContainerCreate(config, hostConfig, newNetworkingConfig);
    }
}
