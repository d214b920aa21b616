package io.jcompose.engine.api;

import java.util.List;

/**
 * A healthcheck (Docker's {@code Healthcheck}): {@code test} is {@code ["NONE"]}, {@code ["CMD", args...]}
 * or {@code ["CMD-SHELL", command]}; durations are nanoseconds, 0 meaning "the default".
 */
public record HealthConfig(List<String> test, long interval, long timeout, long startPeriod,
                           long startInterval, int retries) {
    public HealthConfig {
        test = Defaults.list(test);
    }
}
