package io.jcompose.runtime.image.internal;

/** A {@link NativeFs} call failed; carries the errno. */
public final class NativeFsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    NativeFsException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The C errno of the failed call. */
    public int errno() {
        return errno;
    }
}
