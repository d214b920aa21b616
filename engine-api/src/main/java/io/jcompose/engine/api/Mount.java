package io.jcompose.engine.api;

import java.util.Optional;

/**
 * One entry of {@code HostConfig.Mounts} (the {@code --mount} form): {@code type} is "bind", "tmpfs" or "volume".
 */
public record Mount(String type, String source, String target, boolean readOnly, String consistency,
                    Optional<BindOptions> bindOptions, Optional<TmpfsOptions> tmpfsOptions,
                    Optional<VolumeOptions> volumeOptions) {
    public Mount {
        type = Defaults.str(type);
        source = Defaults.str(source);
        target = Defaults.str(target);
        consistency = Defaults.str(consistency);
        bindOptions = Defaults.opt(bindOptions);
        tmpfsOptions = Defaults.opt(tmpfsOptions);
        volumeOptions = Defaults.opt(volumeOptions);
    }

    /** A bind mount of a host path. */
    public static Mount bind(String source, String target, boolean readOnly) {
        return new Mount("bind", source, target, readOnly, "", Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A tmpfs mount; {@code sizeBytes} 0 means the kernel default. */
    public static Mount tmpfs(String target, long sizeBytes, int mode) {
        return new Mount("tmpfs", "", target, false, "", Optional.empty(),
                Optional.of(new TmpfsOptions(sizeBytes, mode)), Optional.empty());
    }

    /** A named volume. */
    public static Mount volume(String name, String target, boolean readOnly) {
        return new Mount("volume", name, target, readOnly, "", Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code BindOptions}: propagation ("rprivate" when ""), and whether submounts are left out. */
    public record BindOptions(String propagation, boolean nonRecursive, boolean createMountpoint) {
        public BindOptions {
            propagation = Defaults.str(propagation);
        }
    }

    /** {@code TmpfsOptions}: size in bytes (0 = default) and file mode (0 = 1777). */
    public record TmpfsOptions(long sizeBytes, int mode) {}

    /** {@code VolumeOptions}: whether to copy the image's content into a new volume, its labels. */
    public record VolumeOptions(boolean noCopy, java.util.Map<String, String> labels) {
        public VolumeOptions {
            labels = Defaults.map(labels);
        }
    }
}
