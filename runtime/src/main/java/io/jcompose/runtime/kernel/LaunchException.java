package io.jcompose.runtime.kernel;

/**
 * The launcher's error record: which step failed, the kernel's errno and the path involved.
 * The message reads like "mount /data: cannot resolve the mount target in the rootfs: ENOENT".
 */
public final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String step;
    private final int errno;
    private final String errnoName;
    private final String path;

    public LaunchException(String step, int errno, String errnoName, String path, String message) {
        super(step + (path.isEmpty() ? "" : " " + path) + ": " + message
                + (errnoName.isEmpty() ? "" : " (" + errnoName + ")"));
        this.step = step;
        this.errno = errno;
        this.errnoName = errnoName;
        this.path = path;
    }

    /** The launcher stage or step: "mount", "cgroup", "exec", "spec", ... */
    public String step() {
        return step;
    }

    /** The kernel's errno, 0 when none applies. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name ("ENOENT"), empty when none applies. */
    public String errnoName() {
        return errnoName;
    }

    /** The path involved, empty when none. */
    public String path() {
        return path;
    }
}
