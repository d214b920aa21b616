package io.jcompose.errors;

/** The host cannot do what is asked: no usable cgroup hierarchy, not root. Exit code 5. */
public final class HostCapabilityException extends JcomposeException {
    public HostCapabilityException(String message) {
        super(message, 5, null);
    }

    public HostCapabilityException(String message, Throwable cause) {
        super(message, 5, cause);
    }
}
