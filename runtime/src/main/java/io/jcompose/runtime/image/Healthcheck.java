package io.jcompose.runtime.image;

import java.time.Duration;
import java.util.List;

/**
 * The image's {@code Healthcheck}: {@code test} as Docker stores it ({@code ["CMD", …]},
 * {@code ["CMD-SHELL", "…"]} or {@code ["NONE"]}); zero durations and retries mean "inherit
 * the default".
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, int retries) {
    public Healthcheck {
        test = List.copyOf(test);
    }
}
