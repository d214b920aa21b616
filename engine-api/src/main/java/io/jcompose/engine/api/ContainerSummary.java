package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code GET /containers/json} ({@code docker ps}). {@code created} is unix seconds. The sizes (bytes
 * the container wrote, and that plus its image) are there only when asked for ({@code size=true}), else null.
 */
public record ContainerSummary(String id, List<String> names, String image, @JsonProperty("ImageID") String imageId,
                               String command, long created, List<Port> ports, Map<String, String> labels,
                               String state, String status, SummaryHostConfig hostConfig,
                               SummaryNetworkSettings networkSettings, List<MountPoint> mounts, Long sizeRw,
                               Long sizeRootFs) {
    public ContainerSummary {
        id = Defaults.str(id);
        names = Defaults.list(names);
        image = Defaults.str(image);
        imageId = Defaults.str(imageId);
        command = Defaults.str(command);
        ports = Defaults.list(ports);
        labels = Defaults.map(labels);
        state = Defaults.str(state);
        status = Defaults.str(status);
        hostConfig = hostConfig == null ? new SummaryHostConfig("") : hostConfig;
        networkSettings = networkSettings == null ? new SummaryNetworkSettings(Map.of()) : networkSettings;
        mounts = Defaults.list(mounts);
    }

    public ContainerSummary(String id, List<String> names, String image, String imageId, String command, long created,
                            List<Port> ports, Map<String, String> labels, String state, String status,
                            SummaryHostConfig hostConfig, SummaryNetworkSettings networkSettings, List<MountPoint> mounts) {
        this(id, names, image, imageId, command, created, ports, labels, state, status, hostConfig, networkSettings,
                mounts, null, null);
    }

    public ContainerSummary withSizes(long rw, long rootFs) {
        return new ContainerSummary(id, names, image, imageId, command, created, ports, labels, state, status,
                hostConfig, networkSettings, mounts, rw, rootFs);
    }

    /** The first name without Docker's leading slash. */
    public String name() {
        return names.isEmpty() ? "" : names.get(0).replaceFirst("^/", "");
    }

    /** {@code HostConfig} of a summary: only the network mode. */
    public record SummaryHostConfig(String networkMode) {
        public SummaryHostConfig {
            networkMode = Defaults.str(networkMode);
        }
    }

    /** {@code NetworkSettings} of a summary: the networks joined. */
    public record SummaryNetworkSettings(Map<String, EndpointSettings> networks) {
        public SummaryNetworkSettings {
            networks = Defaults.map(networks);
        }
    }
}
