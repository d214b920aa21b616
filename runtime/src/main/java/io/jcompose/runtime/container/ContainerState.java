package io.jcompose.runtime.container;

import java.util.Optional;

/**
 * What inspect shows of a container's state (Docker's State object).
 *
 * @param id           the container id
 * @param name         its name
 * @param status       created, running, paused or exited
 * @param pid          host pid of PID 1 while running, else 0
 * @param exitCode     last exit code (0 before the first exit)
 * @param oomKilled    the last run ended by the OOM killer
 * @param createdAt    RFC 3339
 * @param startedAt    RFC 3339 of the last start, empty if never started
 * @param finishedAt   RFC 3339 of the last exit, empty if none
 * @param restartCount starts by the restart policy (manual starts do not count, as in Docker)
 * @param error        the last start's failure, "" if none
 */
public record ContainerState(String id, String name, ContainerStatus status, int pid, int exitCode,
                             boolean oomKilled, String createdAt, Optional<String> startedAt,
                             Optional<String> finishedAt, int restartCount, String error) {

    /** Running or paused. */
    public boolean isRunning() {
        return status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED;
    }
}
