package io.jcompose.network;

/**
 * A networking operation failed. The message is meant for users; {@link #kind()} lets the
 * engine map it to an API status (404, 409, 400, 500).
 */
public final class NetworkException extends RuntimeException {

    /** What sort of failure this is. */
    public enum Kind {
        /** no such network, endpoint or container */
        NOT_FOUND,
        /** name taken, port in use, address in use, network still in use */
        CONFLICT,
        /** bad user input: malformed subnet, address outside the subnet, ... */
        INVALID,
        /** the host refused: a command failed, a capability is missing */
        HOST
    }

    private final Kind kind;

    public NetworkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NetworkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
