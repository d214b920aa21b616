package io.jcompose.errors;

/** The command line asks for something that does not exist (an unknown service, a bad flag value). Exit code 1. */
public final class UsageException extends JcomposeException {
    public UsageException(String message) {
        super(message, 1, null);
    }
}
