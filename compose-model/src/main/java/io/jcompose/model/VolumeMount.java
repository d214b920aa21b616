package io.jcompose.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A mount of a service in long form.
 *
 * @param type      volume, bind, tmpfs, npipe, cluster or image
 * @param source    the volume name, host path (absolute) or image; empty for anonymous volumes and tmpfs
 * @param target    the path in the container (cleaned)
 * @param readOnly  whether the mount is read-only
 * @param createHostPath for binds: create the host path when missing
 * @param noCopy    for volumes: do not copy image content into a new volume
 * @param subpath   the sub-path of the volume or image to mount
 * @param tmpfsSize for tmpfs: size in bytes
 */
public record VolumeMount(String type, Optional<String> source, String target, boolean readOnly,
                          boolean createHostPath, boolean noCopy, Optional<String> subpath,
                          Optional<Long> tmpfsSize) {
    public VolumeMount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(subpath, "subpath");
        Objects.requireNonNull(tmpfsSize, "tmpfsSize");
    }
}
