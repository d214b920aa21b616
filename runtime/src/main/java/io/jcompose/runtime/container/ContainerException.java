package io.jcompose.runtime.container;

/**
 * A container operation that could not be done, with a {@link Kind} the engine maps to an
 * HTTP status (404, 409, 400, 500). The message names the container and the step.
 */
public final class ContainerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Kind { NOT_FOUND, CONFLICT, INVALID, FAILED }

    private final Kind kind;

    public ContainerException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ContainerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What kind of failure this is. */
    public Kind kind() {
        return kind;
    }

    static ContainerException notFound(String id) {
        return new ContainerException(Kind.NOT_FOUND, "No such container: " + id);
    }
}
