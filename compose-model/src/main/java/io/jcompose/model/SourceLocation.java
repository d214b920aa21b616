package io.jcompose.model;

import java.nio.file.Path;
import java.util.Objects;

/** Where a value came from: file and 1-based line and column. */
public record SourceLocation(Path file, int line, int column) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    /** A location that names only the file (line and column 0), for file-level problems. */
    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }
}
