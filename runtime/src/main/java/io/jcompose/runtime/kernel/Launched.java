package io.jcompose.runtime.kernel;

/**
 * A process the launcher started: the process itself (PID 1 of a new container, or an exec'd
 * process) and the shim that monitors it, both as host pids.
 *
 * @param pid     host pid of the started process
 * @param shimPid host pid of its monitor
 */
public record Launched(int pid, int shimPid) {}
