package io.jcompose.runtime.image.internal;

import java.util.List;
import java.util.Optional;

/**
 * One image found in an archive, before anything is stored: its config blob (id = its
 * digest), its layers and the references the archive gives it (canonical form).
 */
public record ImageRecipe(byte[] config, String imageId, List<LayerRef> layers, List<String> tags,
                          List<String> repoDigests) {
    public ImageRecipe {
        config = config.clone();
        layers = List.copyOf(layers);
        tags = List.copyOf(tags);
        repoDigests = List.copyOf(repoDigests);
    }

    /** A layer: where its blob is in the archive, the blob's digest if the archive states one, its diff id. */
    public record LayerRef(String path, Optional<String> blobDigest, String diffId) {}
}
