package io.jcompose.runtime.container;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which log records to read (docker logs --since --until --tail, stdout/stderr).
 *
 * @param stdout include stdout
 * @param stderr include stderr
 * @param since  only records at or after
 * @param until  only records before
 * @param tail   only the last n matching records of the existing log
 */
public record LogQuery(boolean stdout, boolean stderr, Optional<Instant> since, Optional<Instant> until,
                       OptionalInt tail) {
    /** Everything. */
    public static LogQuery all() {
        return new LogQuery(true, true, Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    public LogQuery withTail(int n) {
        return new LogQuery(stdout, stderr, since, until, OptionalInt.of(n));
    }

    public LogQuery withSince(Instant t) {
        return new LogQuery(stdout, stderr, Optional.of(t), until, tail);
    }

    boolean matches(LogEntry e) {
        return (e.stream().equals("stdout") ? stdout : stderr)
                && since.map(s -> !e.time().isBefore(s)).orElse(true)
                && until.map(u -> e.time().isBefore(u)).orElse(true);
    }
}
