package io.jcompose.engine.api;

import java.util.Optional;

/** {@code POST /containers/{id}/wait}: the exit code, and an error when waiting failed. */
public record WaitResult(long statusCode, Optional<WaitError> error) {
    public WaitResult {
        error = Defaults.opt(error);
    }

    /** {@code Error} of a wait result. */
    public record WaitError(String message) {
        public WaitError {
            message = Defaults.str(message);
        }
    }
}
