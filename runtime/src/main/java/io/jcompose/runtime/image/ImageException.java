package io.jcompose.runtime.image;

/**
 * An image operation failed in a way the user can act on; the message names the image, layer
 * or archive entry and says what was wrong, e.g. {@code layer sha256:ab12…: entry "../x"
 * escapes the layer root}. {@link #reason()} lets the engine pick the HTTP status.
 */
public final class ImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; the engine maps it to 404, 409, 400 or 500. */
    public enum Reason {
        /** No image matches the reference or id. */
        NOT_FOUND,
        /** The image is in use or referenced ambiguously; {@code force} may override. */
        CONFLICT,
        /** The reference, archive or layer is malformed, hostile, or fails digest checks. */
        INVALID,
        /** The archive or a layer exceeds a {@link StoreLimits} bound. */
        TOO_LARGE,
        /** The host failed: disk, permissions, missing privileges. */
        HOST
    }

    private final Reason reason;

    /** A failure of the given kind. */
    public ImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A failure of the given kind caused by {@code cause}. */
    public ImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
