package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * The body of {@code POST /containers/{id}/update} (Docker's {@code UpdateConfig}): new cgroup limits and
 * restart policy. A zero value ({@code 0}, {@code ""}, an absent pids limit, a policy without a name) leaves
 * that setting as it is, as Docker does.
 */
public record ContainerUpdate(long memory, long memorySwap, long memoryReservation,
                              @JsonProperty("NanoCpus") long nanoCpus, long cpuShares, long cpuQuota,
                              long cpuPeriod, String cpusetCpus, String cpusetMems, Optional<Long> pidsLimit,
                              RestartPolicy restartPolicy) {
    public ContainerUpdate {
        cpusetCpus = Defaults.str(cpusetCpus);
        cpusetMems = Defaults.str(cpusetMems);
        pidsLimit = Defaults.opt(pidsLimit);
        restartPolicy = restartPolicy == null ? new RestartPolicy("", 0) : restartPolicy;
    }

    /** An update that changes nothing; build on it with the {@code with...} copies. */
    public static ContainerUpdate none() {
        return new ContainerUpdate(0, 0, 0, 0, 0, 0, 0, "", "", Optional.empty(), null);
    }

    public ContainerUpdate withMemory(long newMemory, long newMemorySwap) {
        return new ContainerUpdate(newMemory, newMemorySwap, memoryReservation, nanoCpus, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, pidsLimit, restartPolicy);
    }

    public ContainerUpdate withNanoCpus(long newNanoCpus) {
        return new ContainerUpdate(memory, memorySwap, memoryReservation, newNanoCpus, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, pidsLimit, restartPolicy);
    }

    public ContainerUpdate withPidsLimit(long newPidsLimit) {
        return new ContainerUpdate(memory, memorySwap, memoryReservation, nanoCpus, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, Optional.of(newPidsLimit), restartPolicy);
    }

    public ContainerUpdate withRestartPolicy(RestartPolicy newPolicy) {
        return new ContainerUpdate(memory, memorySwap, memoryReservation, nanoCpus, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, pidsLimit, newPolicy);
    }

    /**
     * The host config after this update, merged the way Docker merges it: every non-zero value replaces the old
     * one. Conflicts Docker refuses are an {@link EngineException.Conflict} (409) with its wording.
     */
    public HostConfig applyTo(HostConfig old) {
        if (nanoCpus != 0 && old.cpuQuota() != 0 && cpuQuota == 0) {
            throw new EngineException.Conflict(
                    "Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        }
        if (cpuQuota != 0 && old.nanoCpus() != 0 && nanoCpus == 0) {
            throw new EngineException.Conflict(
                    "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        if (memory != 0 && old.memorySwap() > 0 && memory > old.memorySwap() && memorySwap == 0) {
            throw new EngineException.Conflict("Memory limit should be smaller than already set memoryswap limit,"
                    + " update the memoryswap at the same time");
        }
        HostConfig h = old.withResources(pick(memory, old.memory()), pick(memorySwap, old.memorySwap()),
                pick(memoryReservation, old.memoryReservation()), pick(nanoCpus, old.nanoCpus()),
                pick(cpuShares, old.cpuShares()), pick(cpuQuota, old.cpuQuota()), pick(cpuPeriod, old.cpuPeriod()),
                cpusetCpus.isEmpty() ? old.cpusetCpus() : cpusetCpus,
                cpusetMems.isEmpty() ? old.cpusetMems() : cpusetMems,
                pidsLimit.isPresent() ? pidsLimit : old.pidsLimit());
        if (!restartPolicy.name().isEmpty()) {
            if (!restartPolicy.isNone() && old.autoRemove()) {
                throw new EngineException.Conflict(
                        "Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            try {
                restartPolicy.check();
            } catch (IllegalArgumentException e) {
                throw new EngineException.BadRequest(e.getMessage());
            }
            h = h.withRestartPolicy(restartPolicy, old.autoRemove());
        }
        return h;
    }

    private static long pick(long update, long old) {
        return update != 0 ? update : old;
    }
}
