package io.jcompose.errors;

/**
 * An engine action failed: names the operation, the resource, the step and the OS error, for
 * example {@code service "web" (container web-1): mounting volume "data" at /data failed: EACCES}.
 * Exit code 6.
 */
public final class RuntimeActionException extends JcomposeException {
    public RuntimeActionException(String message) {
        super(message, 6, null);
    }

    public RuntimeActionException(String message, Throwable cause) {
        super(message, 6, cause);
    }
}
