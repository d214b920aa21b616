package io.jcompose.runtime.image;

/**
 * Bounds that keep a hostile or broken archive from filling the disk or memory: the size of an
 * archive read from a stream, the uncompressed size and entry count of one layer, and the size
 * of a JSON document (manifest, index, config).
 */
public record StoreLimits(long maxArchiveBytes, long maxLayerBytes, long maxLayerEntries, int maxJsonBytes) {
    public StoreLimits {
        if (maxArchiveBytes <= 0 || maxLayerBytes <= 0 || maxLayerEntries <= 0 || maxJsonBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 64 GiB archives, 32 GiB and 4 million entries per layer, 16 MiB of JSON. */
    public static StoreLimits defaults() {
        return new StoreLimits(64L << 30, 32L << 30, 4_000_000, 16 << 20);
    }
}
