package io.jcompose.runtime.cgroup;

/**
 * What the group has used, as docker stats reports it.
 *
 * @param memoryUsageBytes current memory usage
 * @param memoryLimitBytes effective limit (the host's memory when unlimited)
 * @param cpuUsageNanos    total CPU time consumed
 * @param pids             current number of tasks
 */
public record CgroupStats(long memoryUsageBytes, long memoryLimitBytes, long cpuUsageNanos, long pids) {}
