package io.jcompose.testing.images;

/** The on-disk shapes {@link TestImageBuilder} can write; each is one that real tools produce. */
public enum ArchiveFormat {
    /**
     * {@code docker save} before Docker 25: {@code manifest.json}, {@code repositories},
     * {@code <config-hex>.json} and one {@code <layer-id>/layer.tar} directory per layer.
     */
    DOCKER_SAVE,
    /**
     * {@code docker save} from Docker 25 on: an OCI image layout ({@code oci-layout},
     * {@code index.json}, {@code blobs/sha256/…}) that also carries {@code manifest.json} and
     * {@code repositories} pointing into the blobs.
     */
    DOCKER_SAVE_OCI,
    /** A plain OCI image layout (what skopeo or buildx write): no {@code manifest.json}. */
    OCI_LAYOUT
}
