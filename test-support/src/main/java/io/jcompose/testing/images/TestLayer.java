package io.jcompose.testing.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One layer under construction: tar entries in the order they were added, or raw bytes that
 * stand for the layer's tar stream as-is (to craft truncated or oversized layers).
 */
final class TestLayer {

    private record Entry(TarArchiveEntry header, byte[] data) {}

    private final List<Entry> entries = new ArrayList<>();
    private byte[] raw;

    void add(TarArchiveEntry header, byte[] data) {
        if (raw != null) {
            throw new IllegalStateException("a raw layer takes no entries; call layer() first");
        }
        header.setSize(header.isFile() ? data.length : 0);
        entries.add(new Entry(header, data));
    }

    void raw(byte[] bytes) {
        if (!entries.isEmpty()) {
            throw new IllegalStateException("this layer already has entries; call layer() first");
        }
        raw = bytes.clone();
    }

    boolean isEmpty() {
        return entries.isEmpty() && raw == null;
    }

    TarArchiveEntry last() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("no entry in this layer yet");
        }
        return entries.get(entries.size() - 1).header();
    }

    /** The layer's uncompressed tar stream (its diff id is the SHA-256 of these bytes). */
    byte[] tar() {
        if (raw != null) {
            return raw.clone();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry e : entries) {
                tar.putArchiveEntry(e.header());
                if (e.header().isFile()) {
                    tar.write(e.data());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
