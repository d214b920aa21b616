package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.image.ImageException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Maps the lower modules' failures to Docker's status codes, keeping their messages. */
final class Errors {
    private Errors() {}

    static EngineException translate(RuntimeException e) {
        if (e instanceof EngineException ee) {
            return ee;
        }
        if (e instanceof ContainerException ce) {
            int status = switch (ce.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
                case FAILED -> 500;
            };
            return new EngineException(status, ce.getMessage(), ce);
        }
        if (e instanceof ImageException ie) {
            int status = switch (ie.reason()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID, TOO_LARGE -> 400;
                case HOST -> 500;
            };
            return new EngineException(status, ie.getMessage(), ie);
        }
        if (e instanceof io.jcompose.network.NetworkException ne) {
            int status = switch (ne.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
                case HOST -> 500;
            };
            return new EngineException(status, ne.getMessage(), ne);
        }
        if (e instanceof IllegalArgumentException) {
            return new EngineException(400, e.getMessage(), e);
        }
        if (e instanceof UncheckedIOException u) {
            return new EngineException(500, u.getCause().getMessage(), u);
        }
        return new EngineException(500, e.toString(), e);
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }
}
