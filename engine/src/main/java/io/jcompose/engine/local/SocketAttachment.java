package io.jcompose.engine.local;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A client of the shim's attach socket: output arrives framed like Docker's multiplexed stream (raw with a
 * tty), bytes written go to the process's stdin, closing stdin half-closes the socket.
 */
final class SocketAttachment implements Attachment {
    private final SocketChannel channel;
    private final boolean tty;
    private final InputStream in;
    private volatile boolean closed;

    private SocketAttachment(SocketChannel channel, boolean tty) {
        this.channel = channel;
        this.tty = tty;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Connects; the shim creates its socket just after it starts, so a missing one is retried for 5 s. */
    static SocketAttachment connect(Path socket, boolean tty) {
        return connect(socket, tty, () -> false).orElseThrow();
    }

    /**
     * Connects, retrying a missing socket for 5 s unless {@code ended} says the process is gone already (a shim
     * whose process printed nothing does not wait for a client): then empty.
     */
    static Optional<SocketAttachment> connect(Path socket, boolean tty, java.util.function.BooleanSupplier ended) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                return Optional.of(new SocketAttachment(ch, tty));
            } catch (IOException e) {
                if (ended.getAsBoolean()) {
                    return Optional.empty();
                }
                if (System.nanoTime() > deadline) {
                    throw new EngineException(500, "attach: cannot connect to " + socket + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new EngineException(500, "attach: interrupted");
                }
            }
        }
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
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }

            @Override
            public void close() throws IOException {
                if (channel.isOpen()) {
                    channel.shutdownOutput();
                }
            }
        };
    }

    @Override
    public EngineStream<LogEntry> output() {
        return new EngineStream<>() {
            @Override
            public Optional<LogEntry> next() {
                try {
                    if (tty) {
                        byte[] buf = new byte[8192];
                        int n = in.read(buf);
                        return n < 0 ? Optional.empty()
                                : Optional.of(new LogEntry(StreamType.STDOUT, Instant.now(), Arrays.copyOf(buf, n)));
                    }
                    byte[] h = in.readNBytes(8);
                    if (h.length < 8) {
                        return Optional.empty();
                    }
                    int len = ((h[4] & 0xff) << 24) | ((h[5] & 0xff) << 16) | ((h[6] & 0xff) << 8) | (h[7] & 0xff);
                    byte[] data = in.readNBytes(len);
                    return Optional.of(new LogEntry(StreamType.ofCode(h[0]), Instant.now(), data));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            @Override
            public void close() {
                SocketAttachment.this.close();
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
