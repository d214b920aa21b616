package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.EngineException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The body of {@code PUT /containers/{id}/archive} as a plain tar: identity, gzip, bzip2 or xz
 * (the algorithms the Docker API names), detected from the magic bytes as Docker does. A body whose first
 * block is not a tar header is a 400.
 */
final class TarBody {
    private static final int BLOCK = 512;

    private TarBody() {}

    /** The decompressed tar, or empty when the body is empty (nothing to extract, as with Docker). */
    static Optional<InputStream> of(InputStream body) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
        String kind = kind(peek(in, 6));
        if (kind.equals("zstd")) {
            throw new EngineException.BadRequest("zstd-compressed archives are not supported; send a plain, gzip, "
                    + "bzip2 or xz tar");
        }
        BufferedInputStream out;
        byte[] header;
        try {
            out = new BufferedInputStream(decompressed(kind, in), 64 * 1024);
            header = peek(out, BLOCK);
        } catch (IOException e) {
            throw new EngineException.BadRequest("cannot decompress the " + kind + " archive: " + e.getMessage());
        }
        if (header.length == 0) {
            return Optional.empty();
        }
        if (header.length < BLOCK || !isHeader(header)) {
            throw new EngineException.BadRequest("the request body is not a tar archive");
        }
        return Optional.of(out);
    }

    /** The decompressors read their own header at once, so a corrupt one fails here. */
    private static InputStream decompressed(String kind, BufferedInputStream in) throws IOException {
        switch (kind) {
            case "gzip":
                return new GZIPInputStream(in, 64 * 1024);
            case "bzip2":
                return new BZip2CompressorInputStream(in);
            case "xz":
                return new XZCompressorInputStream(in);
            default:
                return in;
        }
    }

    private static String kind(byte[] m) {
        if (m.length >= 3 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b && m[2] == 8) {
            return "gzip";
        }
        if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return "bzip2";
        }
        if (m.length >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z'
                && m[5] == 0) {
            return "xz";
        }
        if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                && (m[3] & 0xff) == 0xfd) {
            return "zstd";
        }
        return "identity";
    }

    /** An all-zero block (the end of an empty archive) or a header whose checksum matches. */
    static boolean isHeader(byte[] h) {
        long sum = 0;
        boolean zero = true;
        for (int i = 0; i < BLOCK; i++) {
            zero &= h[i] == 0;
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        if (zero) {
            return true;
        }
        String field = new String(h, 148, 8, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", " ").strip();
        try {
            return !field.isEmpty() && Long.parseLong(field, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = in.readNBytes(n);
        in.reset();
        return b;
    }
}
