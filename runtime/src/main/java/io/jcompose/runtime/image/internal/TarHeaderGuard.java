package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Watches a tar stream on its way to the tar reader and refuses metadata entries (PAX
 * {@code x}/{@code g}, GNU long name {@code L}/{@code K}) larger than a bound, because the
 * reader holds those in memory: a few kilobytes of gzip could otherwise inflate into a
 * gigabyte-sized header. It follows the record structure (header, data rounded to 512, PAX
 * {@code size} overrides, old GNU sparse extension headers); where it cannot (a header with a
 * bad checksum, the end-of-archive blocks) it stops watching and leaves the verdict to the
 * reader, which rejects such archives itself.
 */
public final class TarHeaderGuard extends ObservingInputStream {

    private static final int BLOCK = 512;

    private final long maxMetadata;
    private final String layer;
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long dataLeft;
    private int extensionsLeft;
    private long pendingData;
    private boolean watching = true;
    private boolean reachedEnd;
    private long headers;
    private boolean capturePax;
    private byte[] pax;
    private int paxFill;
    private long paxSize = -1;

    public TarHeaderGuard(InputStream in, long maxMetadata, String layer) {
        super(in);
        this.maxMetadata = maxMetadata;
        this.layer = layer;
    }

    /** Headers followed so far (metadata entries included). */
    public long headers() {
        return headers;
    }

    /** Whether it stayed in step up to the end-of-archive block (rather than giving up on a bad header). */
    public boolean reachedEnd() {
        return reachedEnd;
    }


    @Override
    protected void observe(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (watching && i < end) {
            if (dataLeft > 0) {
                int take = (int) Math.min(dataLeft, end - i);
                if (capturePax) {
                    int copy = Math.min(take, pax.length - paxFill);
                    System.arraycopy(b, i, pax, paxFill, copy);
                    paxFill += copy;
                }
                dataLeft -= take;
                i += take;
                if (dataLeft == 0 && capturePax) {
                    paxSize = paxSizeRecord();
                    capturePax = false;
                }
                continue;
            }
            int take = Math.min(BLOCK - headerFill, end - i);
            System.arraycopy(b, i, header, headerFill, take);
            headerFill += take;
            i += take;
            if (headerFill == BLOCK) {
                headerFill = 0;
                block();
            }
        }
    }

    private void block() {
        if (extensionsLeft > 0) { // old GNU sparse: more extension headers while byte 504 is set
            if (header[504] == 0) {
                extensionsLeft = 0;
                dataLeft = pendingData;
            }
            return;
        }
        if (allZero() || !checksumOk()) {
            reachedEnd = allZero();
            watching = false;
            return;
        }
        headers++;
        char type = (char) header[156];
        long size = number(124, 12);
        boolean metadata = type == 'x' || type == 'g' || type == 'L' || type == 'K';
        if (metadata) {
            if (size > maxMetadata || size < 0) {
                throw new ImageException(Reason.TOO_LARGE, "layer " + layer + " has a tar metadata entry ('" + type
                        + "') of " + size + " bytes, more than the limit of " + maxMetadata);
            }
            capturePax = type == 'x' && size > 0;
            if (capturePax) {
                pax = new byte[(int) size];
                paxFill = 0;
            }
        } else if (paxSize >= 0) {
            size = paxSize;
            paxSize = -1;
        }
        long padded = size < 0 || size > Long.MAX_VALUE - BLOCK ? Long.MAX_VALUE : (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'S' && header[482] != 0) {
            extensionsLeft = 1;
            pendingData = padded;
        } else {
            dataLeft = padded;
        }
    }

    /** The {@code size} record of the captured PAX header, or -1. */
    private long paxSizeRecord() {
        String text = new String(pax, 0, paxFill, StandardCharsets.UTF_8);
        int p = 0;
        while (p < text.length()) {
            int space = text.indexOf(' ', p);
            if (space < 0) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(text.substring(p, space));
            } catch (NumberFormatException e) {
                break;
            }
            if (len <= 0 || p + len > text.length()) {
                break;
            }
            String record = text.substring(space + 1, p + len);
            if (record.startsWith("size=")) {
                try {
                    return Long.parseLong(record.substring(5).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            p += len;
        }
        return -1;
    }

    private boolean allZero() {
        for (byte x : header) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean checksumOk() {
        long stored = number(148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int k = 0; k < BLOCK; k++) {
            byte v = k >= 148 && k < 156 ? (byte) ' ' : header[k];
            unsigned += v & 0xff;
            signed += v;
        }
        return stored == unsigned || stored == signed;
    }

    /** A numeric header field: octal text, or base-256 when the high bit of its first byte is set. */
    private long number(int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long v = 0;
            for (int k = offset + 1; k < offset + length; k++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    return Long.MAX_VALUE;
                }
                v = (v << 8) | (header[k] & 0xff);
            }
            return (header[offset] & 0x40) != 0 ? -1 : v;
        }
        long v = 0;
        int k = offset;
        while (k < offset + length && (header[k] == ' ' || header[k] == 0)) {
            k++;
        }
        for (; k < offset + length && header[k] >= '0' && header[k] <= '7'; k++) {
            v = v * 8 + (header[k] - '0');
        }
        return v;
    }
}
