package io.jcompose.engine.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/** A chunk of a container's output: which stream, when it was written, the bytes. */
public record LogEntry(StreamType stream, Instant time, byte[] data) {
    public LogEntry {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The bytes as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public static LogEntry of(StreamType stream, String text) {
        return new LogEntry(stream, Instant.now(), text.getBytes(StandardCharsets.UTF_8));
    }
}
