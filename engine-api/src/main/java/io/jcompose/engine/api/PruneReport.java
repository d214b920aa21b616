package io.jcompose.engine.api;

import java.util.List;

/** What a prune removed: the ids (containers, images, networks or volumes) and the bytes freed. */
public record PruneReport(List<String> deleted, long spaceReclaimed) {
    public PruneReport {
        deleted = Defaults.list(deleted);
    }
}
