package io.jcompose.model.internal.load;

import io.jcompose.errors.ComposeFileException;
import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.SourceLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads one {@code .env}-format file into variables, reporting bad lines with their location. */
public final class EnvFiles {
    private EnvFiles() {}

    /** The variables of {@code file}; {@code lookup} resolves references to outside variables. */
    public static Map<String, String> read(Path file, Function<Path, String> reader,
                                           Function<String, Optional<String>> lookup) {
        String text = reader.apply(file);
        try {
            return DotEnv.parse(text, lookup);
        } catch (DotEnv.Failure e) {
            throw ComposeFileException.of(Diagnostic.error(new SourceLocation(file, e.line(), 1), KeyPath.root(),
                    e.getMessage()));
        }
    }
}
