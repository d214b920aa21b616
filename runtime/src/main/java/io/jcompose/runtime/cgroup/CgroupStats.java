package io.jcompose.runtime.cgroup;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the group has used, as docker stats reports it.
 *
 * @param memoryUsageBytes current memory usage (page cache included, as the kernel counts it)
 * @param memoryLimitBytes effective limit (the host's memory when unlimited)
 * @param cpuUsageNanos    total CPU time consumed
 * @param cpuUserNanos     CPU time spent in user mode
 * @param cpuSystemNanos   CPU time spent in kernel mode
 * @param pids             current number of tasks
 * @param pidsLimit        the group's task limit, 0 when unlimited
 * @param memoryStat       the kernel's memory.stat counters by name (memory_stats.stats of the
 *                         Engine API; clients subtract {@code inactive_file} / {@code total_inactive_file})
 */
public record CgroupStats(long memoryUsageBytes, long memoryLimitBytes, long cpuUsageNanos,
                          long cpuUserNanos, long cpuSystemNanos, long pids, long pidsLimit,
                          Map<String, Long> memoryStat) {
    public CgroupStats {
        memoryStat = Collections.unmodifiableMap(new TreeMap<>(memoryStat));
    }
}
