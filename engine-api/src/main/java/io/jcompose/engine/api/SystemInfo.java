package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /info} ({@code docker info}): counts, the host, the engine's storage and cgroup set-up. */
public record SystemInfo(@JsonProperty("ID") String id, int containers, int containersRunning,
                         int containersPaused, int containersStopped, int images, String driver,
                         boolean memoryLimit, boolean swapLimit, String kernelVersion, String operatingSystem,
                         @JsonProperty("OSType") String osType, String architecture,
                         @JsonProperty("NCPU") int ncpu, long memTotal, String name, String serverVersion,
                         String dockerRootDir, String cgroupDriver, String cgroupVersion, String loggingDriver,
                         List<String> securityOptions, List<String> warnings, Plugins plugins, Swarm swarm) {
    public SystemInfo {
        id = Defaults.str(id);
        driver = Defaults.str(driver);
        kernelVersion = Defaults.str(kernelVersion);
        operatingSystem = Defaults.str(operatingSystem);
        osType = Defaults.str(osType);
        architecture = Defaults.str(architecture);
        name = Defaults.str(name);
        serverVersion = Defaults.str(serverVersion);
        dockerRootDir = Defaults.str(dockerRootDir);
        cgroupDriver = Defaults.str(cgroupDriver);
        cgroupVersion = Defaults.str(cgroupVersion);
        loggingDriver = Defaults.str(loggingDriver);
        securityOptions = Defaults.list(securityOptions);
        warnings = Defaults.list(warnings);
        plugins = plugins == null ? new Plugins(List.of(), List.of(), List.of()) : plugins;
        swarm = swarm == null ? Swarm.INACTIVE : swarm;
    }

    /** The drivers of each kind the engine has ({@code docker info}'s "Plugins"). */
    public record Plugins(List<String> volume, List<String> network, List<String> log) {
        public Plugins {
            volume = Defaults.list(volume);
            network = Defaults.list(network);
            log = Defaults.list(log);
        }
    }

    /** The engine is never part of a swarm; clients read {@code LocalNodeState} to know. */
    public record Swarm(String localNodeState, @JsonProperty("NodeID") String nodeId, String nodeAddr,
                        boolean controlAvailable) {
        public static final Swarm INACTIVE = new Swarm("inactive", "", "", false);
    }
}
