package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.kernel.LaunchException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;

/** Maps the lower modules' failures to Docker's status codes, keeping their messages. */
final class Errors {
    private Errors() {}

    /**
     * A command that cannot be executed is the user's error, and Docker answers it with a 400 whose text the
     * docker CLI reads to exit 127 ("executable file not found", "no such file or directory") or 126
     * ("permission denied"); the launcher's own wording has the kernel's capitalised strerror.
     */
    private static Optional<String> dockerExecError(LaunchException le) {
        String cmd = le.path();
        switch (le.errnoName()) {
            case "ENOENT":
                return Optional.of(cmd.contains("/") ? "exec: \"" + cmd + "\": stat " + cmd + ": no such file or directory"
                        : "exec: \"" + cmd + "\": executable file not found in $PATH");
            case "EACCES":
                return Optional.of("exec: \"" + cmd + "\": permission denied");
            default:
                return Optional.empty();
        }
    }

    static EngineException translate(RuntimeException e) {
        if (e instanceof EngineException ee) {
            return ee;
        }
        if (e instanceof ContainerException ce) {
            if (ce.getCause() instanceof LaunchException le && le.step().equals("exec")) {
                Optional<String> docker = dockerExecError(le);
                if (docker.isPresent()) {
                    return new EngineException(400, ce.getMessage() + ": " + docker.get(), ce);
                }
            }
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
