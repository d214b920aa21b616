package io.jcompose.engine.api;

/**
 * An error from the engine with the HTTP status Docker uses for it; {@link #getMessage()} is Docker's
 * {@code {"message": ...}} text. The subclasses are the statuses callers branch on.
 */
public class EngineException extends RuntimeException {
    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EngineException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status: 400, 404, 409, 500, ... */
    public int status() {
        return status;
    }

    /** Builds the subclass that matches {@code status}. */
    public static EngineException of(int status, String message) {
        return switch (status) {
            case 304 -> new NotModified(message);
            case 400 -> new BadRequest(message);
            case 404 -> new NotFound(message);
            case 409 -> new Conflict(message);
            default -> new EngineException(status, message);
        };
    }

    /** 400: the request is wrong (bad value, unsupported field); the message names the field. */
    public static final class BadRequest extends EngineException {
        public BadRequest(String message) {
            super(400, message);
        }
    }

    /** 404: no such container, image, network, volume or exec. */
    public static final class NotFound extends EngineException {
        public NotFound(String message) {
            super(404, message);
        }
    }

    /** 409: the object is in a state that forbids the action (name in use, container running, image in use). */
    public static final class Conflict extends EngineException {
        public Conflict(String message) {
            super(409, message);
        }
    }

    /** 304: nothing to do (start of a running container, stop of a stopped one). */
    public static final class NotModified extends EngineException {
        public NotModified(String message) {
            super(304, message);
        }
    }
}
