package io.jcompose.runtime.cgroup;

/**
 * A cgroup operation failed: names the group, the step and the kernel's reason, e.g.
 * {@code cgroup "jcompose/ab12": writing memory.max = "1048576" failed: Device or resource busy}.
 */
public final class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with the given message. */
    public CgroupException(String message) {
        super(message);
    }

    /** A failure with the given message caused by {@code cause}. */
    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
