package io.jcompose.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A top-level secret or config: its content comes from a file, an environment variable or (configs)
 * inline content.
 *
 * @param name        the engine-side name
 * @param file        the absolute source file, if any
 * @param environment the variable holding the content, if any
 * @param content     inline content, if any
 * @param external    managed outside the project
 * @param attributes  every attribute, canonical
 */
public record FileObjectSpec(String name, Optional<String> file, Optional<String> environment,
                             Optional<String> content, boolean external, Value.Dict attributes) {
    public FileObjectSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(attributes, "attributes");
    }
}
