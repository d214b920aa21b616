package io.jcompose.errors;

/** The requested change cannot be planned: conflicting names, a refused destructive change. Exit code 4. */
public final class PlanException extends JcomposeException {
    public PlanException(String message) {
        super(message, 4, null);
    }
}
