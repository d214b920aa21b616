package io.jcompose.runtime.container;

import java.util.OptionalInt;

/**
 * An exec's state (docker exec inspect).
 *
 * @param running  still running
 * @param pid      host pid
 * @param exitCode its exit code once it ended
 */
public record ExecState(boolean running, int pid, OptionalInt exitCode) {}
