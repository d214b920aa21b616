package io.jcompose.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem in a compose project, with where it is and, when there is one, a concrete next step.
 * Renders as {@code compose.yaml:14:9: error: services.web.ports[1]: message} plus a hint line.
 */
public record Diagnostic(Severity severity, SourceLocation location, KeyPath path, String message,
                         Optional<String> hint) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** An error without a hint. */
    public static Diagnostic error(SourceLocation location, KeyPath path, String message) {
        return new Diagnostic(Severity.ERROR, location, path, message, Optional.empty());
    }

    /** An error with a hint line. */
    public static Diagnostic error(SourceLocation location, KeyPath path, String message, String hint) {
        return new Diagnostic(Severity.ERROR, location, path, message, Optional.of(hint));
    }

    /** The text users see. */
    public String render() {
        String where = path.segments().isEmpty() ? "" : path + ": ";
        return location + ": " + severity + ": " + where + message + hint.map(h -> "\n  hint: " + h).orElse("");
    }
}
