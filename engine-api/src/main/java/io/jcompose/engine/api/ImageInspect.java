package io.jcompose.engine.api;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /images/{name}/json}. {@code config} is the image's default container configuration;
 * {@code container} and {@code containerConfig} name the container a committed image was made from.
 */
public record ImageInspect(String id, List<String> repoTags, List<String> repoDigests, String parent,
                           String comment, String created, String container,
                           Optional<ContainerConfig> containerConfig, String author, ContainerConfig config,
                           String architecture, String os, long size, RootFs rootFS) {
    public ImageInspect {
        id = Defaults.str(id);
        repoTags = Defaults.list(repoTags);
        repoDigests = Defaults.list(repoDigests);
        parent = Defaults.str(parent);
        comment = Defaults.str(comment);
        created = Defaults.str(created);
        container = Defaults.str(container);
        containerConfig = Defaults.opt(containerConfig);
        author = Defaults.str(author);
        config = config == null ? ContainerConfig.of("") : config;
        architecture = Defaults.str(architecture);
        os = Defaults.str(os);
        rootFS = rootFS == null ? new RootFs("layers", List.of()) : rootFS;
    }

    /** {@code RootFS}: the layer diff ids. */
    public record RootFs(String type, List<String> layers) {
        public RootFs {
            type = Defaults.str(type);
            layers = Defaults.list(layers);
        }
    }
}
