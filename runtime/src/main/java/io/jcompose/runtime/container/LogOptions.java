package io.jcompose.runtime.container;

/**
 * The json-file log driver's options (max-size, max-file).
 *
 * @param maxSizeBytes rotate when the file reaches this size; 0 = never
 * @param maxFiles     how many files to keep, the current one included (at least 1)
 */
public record LogOptions(long maxSizeBytes, int maxFiles) {
    public LogOptions {
        if (maxSizeBytes < 0 || maxFiles < 1) {
            throw new IllegalArgumentException("invalid log options: max-size " + maxSizeBytes + ", max-file " + maxFiles);
        }
    }

    /** Docker's json-file default: no rotation. */
    public static LogOptions unlimited() {
        return new LogOptions(0, 1);
    }
}
