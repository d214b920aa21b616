package io.jcompose.engine.api;

import java.util.List;

/** The answer to a create ({@code {"Id": ..., "Warnings": [...]}}). */
public record CreatedId(String id, List<String> warnings) {
    public CreatedId {
        id = Defaults.str(id);
        warnings = Defaults.list(warnings);
    }
}
