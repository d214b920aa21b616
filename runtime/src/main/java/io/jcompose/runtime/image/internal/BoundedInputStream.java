package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.InputStream;

/** Counts bytes read and fails with {@link Reason#TOO_LARGE} past a limit (zip bombs, huge layers). */
public final class BoundedInputStream extends ObservingInputStream {

    private final long limit;
    private final String what;
    private long count;

    public BoundedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }


    @Override
    protected void observe(byte[] b, int off, int n) {
        count += n;
        if (count > limit) {
            throw new ImageException(Reason.TOO_LARGE, what + " is larger than the limit of " + limit + " bytes");
        }
    }
}
