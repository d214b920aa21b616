package io.jcompose.engine.api.client;

import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads Docker's output streams: multiplexed (8-byte header: stream, 0, 0, 0, big-endian length) when the
 * process has no tty, raw bytes (all STDOUT) when it has one.
 */
final class FrameReader {
    private final InputStream in;
    private final boolean multiplexed;

    FrameReader(InputStream in, boolean multiplexed) {
        this.in = in;
        this.multiplexed = multiplexed;
    }

    Optional<LogEntry> next() throws IOException {
        if (!multiplexed) {
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n < 0) {
                return Optional.empty();
            }
            return Optional.of(new LogEntry(StreamType.STDOUT, Instant.now(), java.util.Arrays.copyOf(buf, n)));
        }
        byte[] header = in.readNBytes(8);
        if (header.length < 8) {
            return Optional.empty();
        }
        int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        byte[] data = in.readNBytes(len);
        return Optional.of(new LogEntry(StreamType.ofCode(header[0]), Instant.now(), data));
    }
}
