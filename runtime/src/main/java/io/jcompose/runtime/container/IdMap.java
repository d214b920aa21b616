package io.jcompose.runtime.container;

/**
 * One line of a user namespace's uid_map or gid_map: ids {@code containerId ..
 * containerId + size - 1} inside are {@code hostId ..} on the host; see user_namespaces(7).
 */
public record IdMap(long containerId, long hostId, long size) {
    private static final long LIMIT = 1L << 32;

    public IdMap {
        if (containerId < 0 || hostId < 0 || size < 1 || containerId + size > LIMIT || hostId + size > LIMIT) {
            throw new IllegalArgumentException("invalid id map " + containerId + " " + hostId + " " + size);
        }
    }

    /** The line as the kernel reads it: "CONTAINER HOST SIZE". */
    public String line() {
        return containerId + " " + hostId + " " + size;
    }
}
