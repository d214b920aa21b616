package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.LogEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes output the way Docker does: 8-byte headers (stream, 0, 0, 0, big-endian length) when the process has
 * no tty, raw bytes when it has one; with {@code timestamps}, each entry is prefixed by its RFC 3339 time.
 */
final class FrameWriter {
    static final String RAW = "application/vnd.docker.raw-stream";
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final boolean multiplexed;
    private final boolean timestamps;

    FrameWriter(OutputStream out, boolean multiplexed, boolean timestamps) {
        this.out = out;
        this.multiplexed = multiplexed;
        this.timestamps = timestamps;
    }

    void write(LogEntry e) throws IOException {
        byte[] data = e.data();
        if (timestamps) {
            byte[] ts = (RFC3339_NANO.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] joined = new byte[ts.length + data.length];
            System.arraycopy(ts, 0, joined, 0, ts.length);
            System.arraycopy(data, 0, joined, ts.length, data.length);
            data = joined;
        }
        if (!multiplexed) {
            out.write(data);
            return;
        }
        byte[] frame = new byte[8 + data.length];
        frame[0] = (byte) e.stream().code();
        frame[4] = (byte) (data.length >>> 24);
        frame[5] = (byte) (data.length >>> 16);
        frame[6] = (byte) (data.length >>> 8);
        frame[7] = (byte) data.length;
        System.arraycopy(data, 0, frame, 8, data.length);
        out.write(frame);
    }
}
