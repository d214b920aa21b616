package io.jcompose.engine.api.client;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.LogEntry;
import java.io.IOException;
import java.io.OutputStream;

/** A hijacked connection: stdin goes out on the socket, output comes back framed or raw. */
final class ClientAttachment implements Attachment {
    private final UnixHttpConnection connection;
    private final boolean tty;
    private final EngineStream<LogEntry> output;
    private final OutputStream stdin;

    ClientAttachment(UnixHttpConnection connection, boolean tty) {
        this.connection = connection;
        this.tty = tty;
        FrameReader frames = new FrameReader(connection.rawIn(), !tty);
        this.output = new ConnectionStream<>(connection, frames::next);
        this.stdin = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                connection.out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                connection.out().write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                connection.shutdownOutput();
            }
        };
    }

    @Override
    public boolean tty() {
        return tty;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public EngineStream<LogEntry> output() {
        return output;
    }

    @Override
    public void close() {
        connection.close();
    }
}
