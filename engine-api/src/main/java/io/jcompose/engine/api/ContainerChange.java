package io.jcompose.engine.api;

/**
 * One entry of {@code GET /containers/{id}/changes} (Docker's {@code FilesystemChange}): a path in the
 * container's root file system and how it differs from the image.
 *
 * @param kind 0 = modified, 1 = added, 2 = deleted (what {@code docker diff} prints as C, A, D)
 */
public record ContainerChange(String path, int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;

    public ContainerChange {
        path = Defaults.str(path);
        if (kind < MODIFIED || kind > DELETED) {
            throw new IllegalArgumentException("change kind must be 0, 1 or 2: " + kind);
        }
    }
}
