package io.jcompose.engine.local;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.runtime.container.ContainerRuntime;
import io.jcompose.runtime.container.ContainerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * An attach with stdin to a container that may not run yet ({@code docker run -i} attaches before it
 * starts): connects to the shim's socket once the container runs.
 */
final class DeferredSocketAttachment implements Attachment {
    private final ContainerRuntime runtime;
    private final String id;
    private final boolean tty;
    private volatile SocketAttachment socket;
    private volatile boolean closed;

    DeferredSocketAttachment(ContainerRuntime runtime, String id, boolean tty) {
        this.runtime = runtime;
        this.id = id;
        this.tty = tty;
    }

    private synchronized Optional<SocketAttachment> connect() {
        while (socket == null && !closed) {
            ContainerStatus s = runtime.inspect(id).status();
            if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED || s == ContainerStatus.EXITED) {
                // a quick command can end between the look and the connect, or between two looks: its shim keeps
                // the output nobody has seen yet for its first client, so the socket is tried even then
                socket = SocketAttachment.connect(runtime.lastAttachSocket(id), tty,
                        () -> !runtime.inspect(id).isRunning()).orElse(null);
                return Optional.ofNullable(socket);
            } else {
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.ofNullable(socket);
    }

    @Override
    public boolean tty() {
        return tty;
    }

    @Override
    public OutputStream stdin() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Optional<SocketAttachment> s = connect();
                if (s.isPresent()) {
                    s.get().stdin().write(b, off, len);
                }
            }

            @Override
            public void close() throws IOException {
                Optional<SocketAttachment> s = connect();
                if (s.isPresent()) {
                    s.get().stdin().close();
                }
            }
        };
    }

    @Override
    public EngineStream<LogEntry> output() {
        return new EngineStream<>() {
            @Override
            public Optional<LogEntry> next() {
                return connect().flatMap(s -> s.output().next());
            }

            @Override
            public void close() {
                DeferredSocketAttachment.this.close();
            }
        };
    }

    @Override
    public void close() {
        closed = true;
        SocketAttachment s = socket;
        if (s != null) {
            s.close();
        }
    }
}
