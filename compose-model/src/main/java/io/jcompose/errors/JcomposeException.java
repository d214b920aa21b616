package io.jcompose.errors;

/**
 * Root of every error a jcompose user can act on. Unchecked; carries the process exit code the
 * CLI uses, so one mapper turns any failure into the right status (see STYLE.md §5).
 */
public abstract class JcomposeException extends RuntimeException {
    private final int exitCode;

    protected JcomposeException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit status of the {@code jcompose} process when this error ends it. */
    public int exitCode() {
        return exitCode;
    }
}
