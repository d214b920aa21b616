package io.jcompose.runtime.state;

/**
 * running.json, written by the shim once the process runs.
 *
 * @param pid        host pid of the container's PID 1 (or the exec'd process)
 * @param shimPid    host pid of the shim
 * @param startTicks the process's start time (field 22 of /proc/pid/stat), against pid reuse
 * @param startedAt  RFC 3339 time with nanoseconds
 */
public record RunningRecord(int pid, int shimPid, long startTicks, String startedAt) {}
