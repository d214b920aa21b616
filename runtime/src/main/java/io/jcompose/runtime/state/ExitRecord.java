package io.jcompose.runtime.state;

/**
 * exit.json, written by the shim after it reaped the process.
 *
 * @param exitCode   the exit status, 128 + signal when killed by one
 * @param signal     the signal that killed it, 0 if it exited
 * @param oomKilled  the cgroup's OOM killer fired while it ran
 * @param finishedAt RFC 3339 time with nanoseconds
 */
public record ExitRecord(int exitCode, int signal, boolean oomKilled, String finishedAt) {}
