package io.jcompose.runtime.image;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image in the store. {@code id} is {@code sha256:} + the digest of its config blob (as in
 * Docker); {@code repoTags} are in Docker's familiar form ({@code busybox:latest}), sorted;
 * {@code layers} are the diff ids, lowest first; {@code size} is the unpacked size in bytes.
 */
public record Image(String id, List<String> repoTags, List<String> repoDigests, Optional<Instant> created,
                    long size, List<String> layers, ImageConfig config) {
    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        layers = List.copyOf(layers);
    }

    /** The first 12 hex digits of the id, as {@code docker images} shows it. */
    public String shortId() {
        return id.substring("sha256:".length(), "sha256:".length() + 12);
    }
}
