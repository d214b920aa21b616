package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /containers/{id}/json}: everything about one container. {@code name} has Docker's leading slash. */
public record ContainerInspect(String id, String created, String path, List<String> args, ContainerState state,
                               String image, String resolvConfPath, String hostnamePath, String hostsPath,
                               String logPath, String name, int restartCount, String driver, String platform,
                               @JsonProperty("ExecIDs") List<String> execIds, HostConfig hostConfig,
                               List<MountPoint> mounts, ContainerConfig config, NetworkSettings networkSettings) {
    public ContainerInspect {
        id = Defaults.str(id);
        created = Defaults.str(created);
        path = Defaults.str(path);
        args = Defaults.list(args);
        image = Defaults.str(image);
        resolvConfPath = Defaults.str(resolvConfPath);
        hostnamePath = Defaults.str(hostnamePath);
        hostsPath = Defaults.str(hostsPath);
        logPath = Defaults.str(logPath);
        name = Defaults.str(name);
        driver = Defaults.str(driver);
        platform = Defaults.str(platform);
        execIds = Defaults.list(execIds);
        hostConfig = hostConfig == null ? HostConfig.defaults() : hostConfig;
        mounts = Defaults.list(mounts);
        networkSettings = networkSettings == null ? NetworkSettings.EMPTY : networkSettings;
    }
}
