package io.jcompose.runtime.image;

import java.util.List;

/**
 * What {@link ImageStore#remove} did, in {@code docker rmi} terms: the references removed
 * ({@code Untagged: …}) and the image and layer ids deleted ({@code Deleted: sha256:…}).
 */
public record RemovalResult(List<String> untagged, List<String> deleted) {
    public RemovalResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
