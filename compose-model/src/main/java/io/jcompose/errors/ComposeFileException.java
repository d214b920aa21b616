package io.jcompose.errors;

import io.jcompose.model.Diagnostic;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The compose files (or their environment) are invalid: every problem of one stage, sorted. Exit code 3. */
public final class ComposeFileException extends JcomposeException {
    /** Exit status for compose file errors. */
    public static final int EXIT_CODE = 3;
    private final List<Diagnostic> diagnostics;

    public ComposeFileException(List<Diagnostic> diagnostics) {
        super(render(diagnostics), EXIT_CODE, null);
        this.diagnostics = sorted(diagnostics);
    }

    /** One diagnostic, for problems found outside a multi-problem stage. */
    public static ComposeFileException of(Diagnostic diagnostic) {
        return new ComposeFileException(List.of(diagnostic));
    }

    /** The problems, sorted by file, line and column. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .sorted(Comparator.comparing((Diagnostic d) -> d.location().file().toString())
                        .thenComparingInt(d -> d.location().line())
                        .thenComparingInt(d -> d.location().column()))
                .distinct()
                .toList();
    }

    private static String render(List<Diagnostic> diagnostics) {
        return sorted(diagnostics).stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }
}
