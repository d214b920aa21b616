package io.jcompose.runtime.cgroup;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Limits for one group, in Docker's units; empty means "no limit" / kernel default (and, in
 * {@link CgroupDriver#update}, "leave as is").
 *
 * @param memoryBytes     hard memory limit (HostConfig.Memory); 0 or less means unlimited
 * @param memorySwapBytes memory + swap limit (HostConfig.MemorySwap; -1 = unlimited swap). When
 *                        empty or 0 while {@code memoryBytes} is set, Docker's default applies:
 *                        twice the memory limit (see {@link #effectiveMemorySwap()})
 * @param memoryReservationBytes soft limit
 * @param cpuQuotaMicros  CFS quota per period (HostConfig.CpuQuota, or NanoCpus converted); -1 = none
 * @param cpuPeriodMicros CFS period (default 100000)
 * @param cpuShares       relative weight (HostConfig.CpuShares; v2 maps it to cpu.weight)
 * @param cpusetCpus      e.g. "0-1"
 * @param cpusetMems      e.g. "0"
 * @param pidsLimit       maximum number of tasks; 0 or less means unlimited
 * @param memorySwappiness 0-100 (HostConfig.MemorySwappiness); v1 only, cgroup v2 has no such knob
 * @param oomKillDisable  true = the OOM killer leaves the group alone (HostConfig.OomKillDisable); v1 only
 */
public record CgroupResources(OptionalLong memoryBytes, OptionalLong memorySwapBytes,
                              OptionalLong memoryReservationBytes,
                              OptionalLong cpuQuotaMicros, OptionalLong cpuPeriodMicros,
                              OptionalLong cpuShares, Optional<String> cpusetCpus,
                              Optional<String> cpusetMems, OptionalInt pidsLimit,
                              OptionalLong memorySwappiness, Optional<Boolean> oomKillDisable) {

    public CgroupResources {
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(memorySwapBytes, "memorySwapBytes");
        Objects.requireNonNull(memoryReservationBytes, "memoryReservationBytes");
        Objects.requireNonNull(cpuQuotaMicros, "cpuQuotaMicros");
        Objects.requireNonNull(cpuPeriodMicros, "cpuPeriodMicros");
        Objects.requireNonNull(cpuShares, "cpuShares");
        Objects.requireNonNull(cpusetCpus, "cpusetCpus");
        Objects.requireNonNull(cpusetMems, "cpusetMems");
        Objects.requireNonNull(pidsLimit, "pidsLimit");
        // absent in the state files of containers created before these existed
        memorySwappiness = memorySwappiness == null ? OptionalLong.empty() : memorySwappiness;
        oomKillDisable = oomKillDisable == null ? Optional.empty() : oomKillDisable;
        memorySwappiness.ifPresent(v -> {
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException("memory swappiness out of range [0, 100]: " + v);
            }
        });
        cpuPeriodMicros.ifPresent(p -> {
            if (p < 1000 || p > 1_000_000) {
                throw new IllegalArgumentException("cpu period out of range [1000, 1000000]: " + p);
            }
        });
        cpuShares.ifPresent(s -> {
            if (s < 0) {
                throw new IllegalArgumentException("negative cpu shares: " + s);
            }
        });
    }

    /** No limits at all. */
    public static CgroupResources none() {
        return new CgroupResources(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.empty());
    }

    /** A copy with the hard memory limit set. */
    public CgroupResources withMemory(long bytes) {
        return new CgroupResources(OptionalLong.of(bytes), memorySwapBytes, memoryReservationBytes,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, pidsLimit, memorySwappiness,
                oomKillDisable);
    }

    /** A copy with the memory + swap limit set (-1 = unlimited swap). */
    public CgroupResources withMemorySwap(long bytes) {
        return new CgroupResources(memoryBytes, OptionalLong.of(bytes), memoryReservationBytes,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, pidsLimit, memorySwappiness,
                oomKillDisable);
    }

    /** A copy with the soft memory limit set. */
    public CgroupResources withMemoryReservation(long bytes) {
        return new CgroupResources(memoryBytes, memorySwapBytes, OptionalLong.of(bytes),
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, pidsLimit, memorySwappiness,
                oomKillDisable);
    }

    /** A copy with CFS quota and period set (quota -1 = no quota). */
    public CgroupResources withCpuQuota(long quotaMicros, long periodMicros) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes,
                OptionalLong.of(quotaMicros), OptionalLong.of(periodMicros), cpuShares, cpusetCpus,
                cpusetMems, pidsLimit, memorySwappiness, oomKillDisable);
    }

    /**
     * A copy limited to {@code nanoCpus} / 1e9 CPUs (HostConfig.NanoCpus, compose {@code cpus}),
     * converted the way Docker does: a 100 ms period and the matching quota ({@code cpus: 1.5}
     * is 150000 us per 100000 us).
     */
    public CgroupResources withNanoCpus(long nanoCpus) {
        if (nanoCpus <= 0) {
            throw new IllegalArgumentException("nano cpus must be positive: " + nanoCpus);
        }
        long period = 100_000;
        return withCpuQuota(Math.max(1000, nanoCpus * period / 1_000_000_000L), period);
    }

    /** A copy with the cpu shares set. */
    public CgroupResources withCpuShares(long shares) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes,
                cpuQuotaMicros, cpuPeriodMicros, OptionalLong.of(shares), cpusetCpus, cpusetMems, pidsLimit,
                memorySwappiness, oomKillDisable);
    }

    /** A copy with the cpuset cpus and memory nodes set (either may be empty). */
    public CgroupResources withCpuset(Optional<String> cpus, Optional<String> mems) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpus, mems, pidsLimit, memorySwappiness,
                oomKillDisable);
    }

    /** A copy with the pids limit set. */
    public CgroupResources withPidsLimit(int limit) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, OptionalInt.of(limit),
                memorySwappiness, oomKillDisable);
    }

    /** A copy with the memory swappiness set (0-100). */
    public CgroupResources withMemorySwappiness(long value) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes, cpuQuotaMicros,
                cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, pidsLimit, OptionalLong.of(value), oomKillDisable);
    }

    /** A copy with the OOM killer disabled or enabled for the group. */
    public CgroupResources withOomKillDisable(boolean disable) {
        return new CgroupResources(memoryBytes, memorySwapBytes, memoryReservationBytes, cpuQuotaMicros,
                cpuPeriodMicros, cpuShares, cpusetCpus, cpusetMems, pidsLimit, memorySwappiness, Optional.of(disable));
    }

    /**
     * The memory + swap limit to write, as Docker computes it: the given value, or twice the
     * memory limit when only memory is set; -1 means unlimited; empty means leave swap alone.
     */
    public OptionalLong effectiveMemorySwap() {
        long swap = memorySwapBytes.orElse(0);
        if (swap != 0) {
            return OptionalLong.of(swap < 0 ? -1 : swap);
        }
        if (memoryBytes.isPresent() && memoryBytes.getAsLong() > 0) {
            return OptionalLong.of(2 * memoryBytes.getAsLong());
        }
        return memoryBytes.isPresent() ? OptionalLong.of(-1) : OptionalLong.empty();
    }
}
