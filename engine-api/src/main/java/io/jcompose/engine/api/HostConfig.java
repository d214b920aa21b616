package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the host runs the container (Docker's {@code HostConfig}): mounts, restart policy, resources (cgroup
 * limits, ulimits, sysctls), security options, network mode, published ports, DNS settings. Zero values
 * ({@code 0}, {@code ""}, empty) mean "not set", as in Docker. {@code consoleSize} is the TTY's initial
 * [height, width]. {@code pidMode}, {@code ipcMode}, {@code utsMode}: "" (private), "host" or
 * "container:&lt;name|id&gt;" (PID, IPC), and "private"/"shareable" for IPC.
 */
public record HostConfig(List<String> binds, List<Mount> mounts, Map<String, String> tmpfs,
                         boolean readonlyRootfs, RestartPolicy restartPolicy, boolean autoRemove,
                         String networkMode, Map<String, List<PortBinding>> portBindings,
                         long memory, @JsonProperty("NanoCpus") long nanoCpus, long cpuShares,
                         Optional<Long> pidsLimit, boolean privileged, List<String> capAdd, List<String> capDrop,
                         List<String> dns, List<String> extraHosts, long shmSize, Optional<Boolean> init,
                         LogConfig logConfig, long memorySwap, long memoryReservation, long cpuQuota,
                         long cpuPeriod, String cpusetCpus, String cpusetMems, long cpuCount, long cpuPercent,
                         List<Ulimit> ulimits, Map<String, String> sysctls, List<String> securityOpt,
                         List<String> groupAdd, List<String> dnsSearch, List<String> dnsOptions,
                         Optional<Long> memorySwappiness, Optional<Boolean> oomKillDisable,
                         List<Integer> consoleSize, String pidMode, String ipcMode,
                         @JsonProperty("UTSMode") String utsMode, List<DeviceMapping> devices,
                         List<String> deviceCgroupRules) {
    /**
     * One rlimit ({@code HostConfig.Ulimits[]}): Docker's name ({@code nofile}, {@code nproc}, ...) and limits,
     * -1 meaning unlimited.
     */
    public record Ulimit(String name, long soft, long hard) {
        public Ulimit {
            name = Defaults.str(name);
        }
    }

    /**
     * A host device given to the container ({@code HostConfig.Devices[]}, {@code docker run --device}):
     * the in-container path defaults to the host's, the cgroup permissions to {@code rwm}.
     */
    public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
        public DeviceMapping {
            pathOnHost = Defaults.str(pathOnHost);
            pathInContainer = Defaults.str(pathInContainer);
            cgroupPermissions = Defaults.str(cgroupPermissions);
        }
    }

    public HostConfig {
        binds = Defaults.list(binds);
        mounts = Defaults.list(mounts);
        tmpfs = Defaults.map(tmpfs);
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        networkMode = Defaults.str(networkMode);
        portBindings = Defaults.map(portBindings);
        pidsLimit = Defaults.opt(pidsLimit);
        capAdd = Defaults.list(capAdd);
        capDrop = Defaults.list(capDrop);
        dns = Defaults.list(dns);
        extraHosts = Defaults.list(extraHosts);
        init = Defaults.opt(init);
        logConfig = logConfig == null ? LogConfig.DEFAULT : logConfig;
        cpusetCpus = Defaults.str(cpusetCpus);
        cpusetMems = Defaults.str(cpusetMems);
        ulimits = Defaults.list(ulimits);
        sysctls = Defaults.map(sysctls);
        securityOpt = Defaults.list(securityOpt);
        groupAdd = Defaults.list(groupAdd);
        dnsSearch = Defaults.list(dnsSearch);
        dnsOptions = Defaults.list(dnsOptions);
        memorySwappiness = Defaults.opt(memorySwappiness);
        oomKillDisable = Defaults.opt(oomKillDisable);
        consoleSize = Defaults.list(consoleSize);
        pidMode = Defaults.str(pidMode);
        ipcMode = Defaults.str(ipcMode);
        utsMode = Defaults.str(utsMode);
        devices = Defaults.list(devices);
        deviceCgroupRules = Defaults.list(deviceCgroupRules);
        if (!consoleSize.isEmpty() && (consoleSize.size() != 2 || consoleSize.stream().anyMatch(n -> n == null || n < 0))) {
            throw new IllegalArgumentException("ConsoleSize must be [height, width], got " + consoleSize);
        }
    }

    /** Docker's defaults: no mounts, no restart, the default network. */
    public static HostConfig defaults() {
        return new HostConfig(List.of(), List.of(), Map.of(), false, RestartPolicy.NO, false, "", Map.of(),
                0, 0, 0, Optional.empty(), false, List.of(), List.of(), List.of(), List.of(), 0, Optional.empty(),
                LogConfig.DEFAULT, 0, 0, 0, 0, "", "", 0, 0, List.of(), Map.of(), List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), Optional.empty(), List.of(), "", "", "", List.of(), List.of());
    }

    public HostConfig withBinds(List<String> newBinds) {
        return new HostConfig(newBinds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    public HostConfig withMounts(List<Mount> newMounts) {
        return new HostConfig(binds, newMounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    public HostConfig withTmpfs(Map<String, String> newTmpfs, boolean newReadonlyRootfs) {
        return new HostConfig(binds, mounts, newTmpfs, newReadonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    public HostConfig withRestartPolicy(RestartPolicy newPolicy, boolean newAutoRemove) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, newPolicy, newAutoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    public HostConfig withNetworkMode(String newNetworkMode) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, newNetworkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    /** A copy with the cgroup limits replaced (what {@code POST /containers/{id}/update} changes). */
    public HostConfig withResources(long newMemory, long newMemorySwap, long newMemoryReservation, long newNanoCpus,
                                    long newCpuShares, long newCpuQuota, long newCpuPeriod, String newCpusetCpus,
                                    String newCpusetMems, Optional<Long> newPidsLimit) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, newMemory, newNanoCpus, newCpuShares, newPidsLimit, privileged, capAdd, capDrop, dns,
                extraHosts, shmSize, init, logConfig, newMemorySwap, newMemoryReservation, newCpuQuota, newCpuPeriod,
                newCpusetCpus, newCpusetMems, cpuCount, cpuPercent, ulimits, sysctls, securityOpt, groupAdd, dnsSearch,
                dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    /** A copy with the memory swappiness (empty = the kernel's) and OOM-killer setting replaced. */
    public HostConfig withMemoryBehaviour(Optional<Long> newSwappiness, Optional<Boolean> newOomKillDisable) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig, memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems,
                cpuCount, cpuPercent, ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, newSwappiness,
                newOomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    public HostConfig withPortBindings(Map<String, List<PortBinding>> newPortBindings) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                newPortBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns,
                extraHosts, shmSize, init, logConfig,
                memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, cpuCount, cpuPercent,
                ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions, memorySwappiness, oomKillDisable, consoleSize, pidMode, ipcMode, utsMode, devices, deviceCgroupRules);
    }

    /** A copy with the PID and IPC modes replaced (container:&lt;name&gt; is kept as container:&lt;id&gt;). */
    public HostConfig withNamespaceModes(String newPidMode, String newIpcMode) {
        return new HostConfig(binds, mounts, tmpfs, readonlyRootfs, restartPolicy, autoRemove, networkMode,
                portBindings, memory, nanoCpus, cpuShares, pidsLimit, privileged, capAdd, capDrop, dns, extraHosts,
                shmSize, init, logConfig, memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems,
                cpuCount, cpuPercent, ulimits, sysctls, securityOpt, groupAdd, dnsSearch, dnsOptions,
                memorySwappiness, oomKillDisable, consoleSize, newPidMode, newIpcMode, utsMode, devices, deviceCgroupRules);
    }
}
