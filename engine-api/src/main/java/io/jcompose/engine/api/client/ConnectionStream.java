package io.jcompose.engine.api.client;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import java.io.IOException;
import java.util.Optional;

/** An {@link EngineStream} read from one open connection; closing it closes the connection. */
final class ConnectionStream<T> implements EngineStream<T> {
    /** Reads the next value from the connection; empty at the end. */
    interface Reader<T> {
        Optional<T> read() throws IOException;
    }

    private final UnixHttpConnection connection;
    private final Reader<T> reader;
    private volatile boolean closed;

    ConnectionStream(UnixHttpConnection connection, Reader<T> reader) {
        this.connection = connection;
        this.reader = reader;
    }

    @Override
    public Optional<T> next() {
        if (closed) {
            return Optional.empty();
        }
        try {
            Optional<T> value = reader.read();
            if (value.isEmpty()) {
                close();
            }
            return value;
        } catch (IOException e) {
            if (closed) {
                return Optional.empty();
            }
            close();
            throw new EngineException(500, "reading from the engine failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
