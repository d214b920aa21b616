package io.jcompose.engine.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Bytes arriving on a connection (a request body, or stdin of a hijacked one) as a blocking stream for the
 * worker thread. The event loop feeds it; past 1 MiB queued it stops reading the socket until the worker catches up.
 */
final class InboundStream extends InputStream {
    private static final int HIGH_WATER = 1 << 20;
    private final Channel channel;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current;
    private int pos;
    private long queued;
    private boolean ended;
    private boolean discarding;
    private Runnable afterEnd;

    InboundStream(Channel channel) {
        this.channel = channel;
    }

    synchronized void feed(ByteBuf buf) {
        if (ended || !buf.isReadable()) {
            return;
        }
        if (discarding) {
            buf.skipBytes(buf.readableBytes());
            return;
        }
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        chunks.add(b);
        queued += b.length;
        if (queued > HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
        Runnable then = afterEnd;
        afterEnd = null;
        if (then != null) {
            then.run();
        }
    }

    /**
     * The answer went out before the body was read (an error, usually): drops what is queued and what still
     * arrives, and runs {@code then} once the client has sent it all. Closing earlier would reset the connection
     * under a client still writing, which then sees a broken pipe instead of the answer.
     */
    synchronized void discardRest(Runnable then) {
        discarding = true;
        chunks.clear();
        current = null;
        queued = 0;
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        if (ended) {
            then.run();
        } else {
            afterEnd = then;
        }
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null) {
            if (!chunks.isEmpty()) {
                current = chunks.poll();
                pos = 0;
            } else if (ended) {
                return -1;
            } else {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        queued -= n;
        if (pos == current.length) {
            current = null;
        }
        if (queued < HIGH_WATER / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
            channel.read();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return current == null ? 0 : current.length - pos;
    }
}
