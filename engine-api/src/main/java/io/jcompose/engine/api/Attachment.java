package io.jcompose.engine.api;

import java.io.OutputStream;

/**
 * A live connection to a container's or an exec's stdio: bytes written to {@link #stdin()} reach the process
 * (closing it sends EOF), {@link #output()} yields what it writes (one STDOUT stream when it has a tty).
 */
public interface Attachment extends AutoCloseable {
    /** Whether the process has a tty (then output is not split into stdout and stderr). */
    boolean tty();

    /** The process's stdin; a no-op sink when stdin is not attached. */
    OutputStream stdin();

    /** The process's output, ending when the process closes it. */
    EngineStream<LogEntry> output();

    /** Detaches: the process keeps running. */
    @Override
    void close();
}
