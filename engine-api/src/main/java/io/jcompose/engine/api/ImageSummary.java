package io.jcompose.engine.api;

import java.util.List;
import java.util.Map;

/** One row of {@code GET /images/json} ({@code docker images}); {@code created} is unix seconds. */
public record ImageSummary(String id, String parentId, List<String> repoTags, List<String> repoDigests,
                           long created, long size, long sharedSize, Map<String, String> labels, int containers) {
    public ImageSummary {
        id = Defaults.str(id);
        parentId = Defaults.str(parentId);
        repoTags = Defaults.list(repoTags);
        repoDigests = Defaults.list(repoDigests);
        labels = Defaults.map(labels);
    }
}
