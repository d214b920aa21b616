package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * {@code State} of container inspect. {@code status} is created, running, paused, restarting, removing, exited
 * or dead; times are RFC 3339, {@code 0001-01-01T00:00:00Z} when it never happened.
 */
public record ContainerState(String status, boolean running, boolean paused, boolean restarting,
                             @JsonProperty("OOMKilled") boolean oomKilled, boolean dead, int pid, int exitCode,
                             String error, String startedAt, String finishedAt, Optional<Health> health) {
    /** Go's zero time, which Docker prints for "never". */
    public static final String NEVER = "0001-01-01T00:00:00Z";

    public ContainerState {
        status = Defaults.str(status);
        error = Defaults.str(error);
        startedAt = startedAt == null || startedAt.isEmpty() ? NEVER : startedAt;
        finishedAt = finishedAt == null || finishedAt.isEmpty() ? NEVER : finishedAt;
        health = Defaults.opt(health);
    }
}
