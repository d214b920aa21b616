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

    /**
     * The variables of a {@code format: raw} file: {@code KEY=VALUE} lines taken literally (no
     * quotes, no interpolation), blank lines and {@code #} comments skipped.
     */
    public static Map<String, String> readRaw(Path file, Function<Path, String> reader) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String[] lines = reader.apply(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw ComposeFileException.of(Diagnostic.error(new SourceLocation(file, i + 1, 1), KeyPath.root(),
                        "expected KEY=VALUE in raw env file"));
            }
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

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
