package io.jcompose.engine.api.client;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112 section 7.1); trailers are skipped. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            String size = line();
            int semi = size.indexOf(';');
            if (semi >= 0) {
                size = size.substring(0, semi);
            }
            remaining = Long.parseLong(size.trim(), 16);
            if (remaining == 0) {
                while (!line().isEmpty()) {
                    // trailer lines
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            line();
        }
        return n;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1) {
            throw new IOException("connection closed inside a chunked body");
        }
        return sb.toString();
    }
}
