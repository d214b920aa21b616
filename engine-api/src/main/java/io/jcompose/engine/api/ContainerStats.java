package io.jcompose.engine.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats}. Docker writes this object in snake_case; cpu figures are
 * nanoseconds, memory bytes. {@code precpuStats} is the previous sample so clients can compute a percentage.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ContainerStats(String read, String preread, String name, String id, PidsStats pidsStats,
                             CpuStats cpuStats, CpuStats precpuStats, MemoryStats memoryStats,
                             Map<String, Object> blkioStats, Map<String, Object> networks) {
    public ContainerStats {
        read = read == null || read.isEmpty() ? ContainerState.NEVER : read;
        preread = preread == null || preread.isEmpty() ? ContainerState.NEVER : preread;
        name = Defaults.str(name);
        id = Defaults.str(id);
        pidsStats = pidsStats == null ? new PidsStats(0, 0) : pidsStats;
        cpuStats = cpuStats == null ? CpuStats.ZERO : cpuStats;
        precpuStats = precpuStats == null ? CpuStats.ZERO : precpuStats;
        memoryStats = memoryStats == null ? new MemoryStats(0, 0, 0, Map.of()) : memoryStats;
        blkioStats = Defaults.map(blkioStats);
        networks = Defaults.map(networks);
    }

    /** {@code pids_stats}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PidsStats(long current, long limit) {}

    /** {@code cpu_stats}: the container's usage and the whole system's, in nanoseconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CpuStats(CpuUsage cpuUsage, long systemCpuUsage, int onlineCpus) {
        public static final CpuStats ZERO = new CpuStats(new CpuUsage(0, List.of(), 0, 0), 0, 0);
    }

    /** {@code cpu_usage}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CpuUsage(long totalUsage, List<Long> percpuUsage, long usageInKernelmode, long usageInUsermode) {
        public CpuUsage {
            percpuUsage = Defaults.list(percpuUsage);
        }
    }

    /** {@code memory_stats}: usage, peak, limit, and the cgroup's detailed counters. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MemoryStats(long usage, long maxUsage, long limit, Map<String, Long> stats) {
        public MemoryStats {
            stats = Defaults.map(stats);
        }
    }
}
