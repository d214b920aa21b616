package io.jcompose.runtime.cgroup;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Limits for one group, in Docker's units; empty means "no limit" / kernel default.
 *
 * @param memoryBytes     hard memory limit (HostConfig.Memory)
 * @param memorySwapBytes memory + swap limit (HostConfig.MemorySwap; -1 = unlimited swap)
 * @param memoryReservationBytes soft limit
 * @param cpuQuotaMicros  CFS quota per period (HostConfig.CpuQuota, or NanoCpus converted)
 * @param cpuPeriodMicros CFS period (default 100000)
 * @param cpuShares       relative weight (HostConfig.CpuShares; v2 maps it to cpu.weight)
 * @param cpusetCpus      e.g. "0-1"
 * @param cpusetMems      e.g. "0"
 * @param pidsLimit       maximum number of tasks
 */
public record CgroupResources(OptionalLong memoryBytes, OptionalLong memorySwapBytes,
                              OptionalLong memoryReservationBytes,
                              OptionalLong cpuQuotaMicros, OptionalLong cpuPeriodMicros,
                              OptionalLong cpuShares, Optional<String> cpusetCpus,
                              Optional<String> cpusetMems, OptionalInt pidsLimit) {

    /** No limits at all. */
    public static CgroupResources none() {
        return new CgroupResources(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty());
    }
}
