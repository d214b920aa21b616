package io.jcompose.engine.api;

import java.util.Optional;

/**
 * A blocking stream of values from the engine (logs, events, stats). {@link #next()} waits for the next value
 * and is empty at the end; {@link #close()} ends it early, from any thread, and wakes a waiting {@code next()}.
 */
public interface EngineStream<T> extends AutoCloseable {
    /** The next value, or empty when the stream has ended. */
    Optional<T> next();

    @Override
    void close();
}
