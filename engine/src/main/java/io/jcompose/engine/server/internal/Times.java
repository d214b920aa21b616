package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.EngineException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Docker's time parameters: unix seconds with an optional fraction ({@code 1700000000.5}) or RFC 3339. */
final class Times {
    private Times() {}

    static Optional<Instant> parse(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("0")) {
            return Optional.empty();
        }
        try {
            BigDecimal secs = new BigDecimal(value);
            long s = secs.longValue();
            int nanos = secs.subtract(BigDecimal.valueOf(s)).movePointRight(9).intValue();
            return Optional.of(Instant.ofEpochSecond(s, nanos));
        } catch (NumberFormatException notNumber) {
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new EngineException.BadRequest("invalid value for " + name + ": \"" + value + "\"");
            }
        }
    }
}
