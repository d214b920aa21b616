package io.jcompose.engine.api;

import java.util.List;

/** One layer of {@code GET /images/{name}/history}: {@code created} is unix seconds, {@code id} "<missing>" if none. */
public record ImageHistoryEntry(String id, long created, String createdBy, List<String> tags, long size,
                                String comment) {
    public ImageHistoryEntry {
        id = Defaults.str(id);
        createdBy = Defaults.str(createdBy);
        tags = Defaults.list(tags);
        comment = Defaults.str(comment);
    }
}
