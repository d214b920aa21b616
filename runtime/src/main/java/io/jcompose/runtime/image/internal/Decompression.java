package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** Picks a layer blob's compression from its first bytes, as {@code docker load} does. */
public final class Decompression {

    private Decompression() {}

    /** The uncompressed stream of a layer blob: gzip, bzip2, zstd (with the zstd program) or plain tar; xz is refused clearly. */
    public static InputStream open(InputStream blob, String layer) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 1 << 16);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (starts(magic, 0x1f, 0x8b)) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (starts(magic, 'B', 'Z', 'h')) {
            return new BZip2CompressorInputStream(in, true);
        }
        if (starts(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZstdProcess.open(in, layer);
        }
        if (starts(magic, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            throw new ImageException(Reason.INVALID, "layer " + layer + " is xz-compressed, which this store does not read");
        }
        return in;
    }

    private static boolean starts(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
