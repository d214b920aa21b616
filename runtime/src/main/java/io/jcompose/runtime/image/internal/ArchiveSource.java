package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The files of an image archive (a {@code docker save} tar, an OCI layout tar or directory),
 * opened by their path inside it. Paths are cleaned; none can reach outside the archive.
 */
public interface ArchiveSource extends Closeable {

    /** The file at {@code path}, if the archive has it. */
    Optional<InputStream> open(String path) throws IOException;

    /** The file at {@code path}, read whole up to {@code limit} bytes. */
    default Optional<byte[]> read(String path, int limit) throws IOException {
        Optional<InputStream> in = open(path);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            byte[] data = s.readNBytes(limit + 1);
            if (data.length > limit) {
                throw new ImageException(Reason.TOO_LARGE, "archive file \"" + path + "\" is larger than " + limit + " bytes");
            }
            return Optional.of(data);
        }
    }

    /** The file at {@code path}, or an error saying the archive lacks it. */
    default byte[] require(String path, int limit) throws IOException {
        return read(path, limit).orElseThrow(() -> new ImageException(Reason.INVALID,
                "archive has no file \"" + path + "\""));
    }
}
