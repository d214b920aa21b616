package io.jcompose.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service healthcheck; unset durations and retries take the engine's defaults.
 *
 * @param test          {@code [CMD, ...]}, {@code [CMD-SHELL, cmd]} or {@code [NONE]}; empty inherits the image's
 * @param interval      time between checks
 * @param timeout       time one check may take
 * @param startPeriod   grace period after start
 * @param startInterval time between checks during the start period
 * @param retries       failures before unhealthy
 * @param disable       true to disable the image's healthcheck
 */
public record Healthcheck(List<String> test, Optional<Duration> interval, Optional<Duration> timeout,
                          Optional<Duration> startPeriod, Optional<Duration> startInterval,
                          Optional<Integer> retries, boolean disable) {
    public Healthcheck {
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        Objects.requireNonNull(startInterval, "startInterval");
        Objects.requireNonNull(retries, "retries");
    }
}
