package io.jcompose.runtime.container;

/**
 * One process of a container, for top.
 *
 * @param uid     real user id
 * @param pid     host pid
 * @param ppid    host parent pid
 * @param state   one-letter state from /proc (R, S, D, Z, T)
 * @param cpuTicks user + system time in clock ticks
 * @param command the command line, arguments joined by spaces ([comm] for kernel-style names)
 */
public record ProcessRow(int uid, int pid, int ppid, String state, long cpuTicks, String command) {}
