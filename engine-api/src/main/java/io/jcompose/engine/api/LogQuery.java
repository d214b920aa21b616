package io.jcompose.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Which logs to read: {@code follow} keeps the stream open until the container stops; {@code since}/{@code until}
 * bound the time; {@code tail} keeps the last N lines; {@code timestamps} prefixes each line with its RFC 3339 time.
 */
public record LogQuery(boolean follow, boolean stdout, boolean stderr, Optional<Instant> since,
                       Optional<Instant> until, boolean timestamps, Optional<Integer> tail) {
    public LogQuery {
        since = Defaults.opt(since);
        until = Defaults.opt(until);
        tail = Defaults.opt(tail);
    }

    /** Everything written so far, both streams. */
    public static LogQuery all() {
        return new LogQuery(false, true, true, Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    public LogQuery withFollow(boolean newFollow) {
        return new LogQuery(newFollow, stdout, stderr, since, until, timestamps, tail);
    }

    public LogQuery withTail(int lines) {
        return new LogQuery(follow, stdout, stderr, since, until, timestamps, Optional.of(lines));
    }
}
