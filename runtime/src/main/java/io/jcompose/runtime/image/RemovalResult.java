package io.jcompose.runtime.image;

import java.util.List;

/**
 * What {@link ImageStore#remove} or {@link ImageStore#prune} did, in {@code docker rmi} terms:
 * the references removed ({@code Untagged: …}), the image and layer ids deleted
 * ({@code Deleted: sha256:…}) and the unpacked bytes freed.
 */
public record RemovalResult(List<String> untagged, List<String> deleted, long reclaimedBytes) {
    public RemovalResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
