package io.jcompose.runtime.image.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that shows every byte read to {@link #observe}, skips by reading (so skipped
 * bytes are observed too) and refuses mark/reset: the base of the counting, guarding and
 * copying streams that layer reading chains together.
 */
abstract class ObservingInputStream extends FilterInputStream {

    ObservingInputStream(InputStream in) {
        super(in);
    }

    /** Called with each run of bytes just read. */
    protected abstract void observe(byte[] b, int off, int n) throws IOException;

    @Override
    public final int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            observe(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            observe(b, off, n);
        }
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
