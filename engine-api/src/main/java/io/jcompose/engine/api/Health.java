package io.jcompose.engine.api;

import java.util.List;

/** {@code State.Health}: starting, healthy or unhealthy, the failing streak and the last results (at most 5). */
public record Health(String status, int failingStreak, List<HealthResult> log) {
    public Health {
        status = Defaults.str(status);
        log = Defaults.list(log);
    }

    /** One probe: start and end (RFC 3339), exit code, the output (truncated as Docker does). */
    public record HealthResult(String start, String end, int exitCode, String output) {
        public HealthResult {
            start = Defaults.str(start);
            end = Defaults.str(end);
            output = Defaults.str(output);
        }
    }
}
