package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.ImageSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /system/df} ({@code docker system df}), from the engine's own lists: images with the number of
 * containers using each, containers with their sizes, volumes, and an empty build cache (the engine has no builder
 * yet, so it keeps no cache). {@code type} narrows it as in Docker.
 */
final class DiskUsageReport {
    private DiskUsageReport() {}

    static Map<String, Object> of(Engine engine, Set<String> types) {
        boolean all = types.isEmpty();
        List<ContainerSummary> containers = engine.listContainers(ContainerListQuery.all(Filters.NONE).withSize());
        Map<String, Object> body = new LinkedHashMap<>();
        if (all || types.contains("image")) {
            List<ImageSummary> images = new ArrayList<>();
            long layers = 0;
            for (ImageSummary i : engine.listImages(true, Filters.NONE)) {
                int using = (int) containers.stream().filter(c -> c.imageId().equals(i.id())).count();
                images.add(new ImageSummary(i.id(), i.parentId(), i.repoTags(), i.repoDigests(), i.created(), i.size(),
                        0, i.labels(), using));
                layers += i.size();
            }
            body.put("LayersSize", layers);
            body.put("Images", images);
        }
        if (all || types.contains("container")) {
            body.put("Containers", containers);
        }
        if (all || types.contains("volume")) {
            body.put("Volumes", engine.listVolumes(Filters.NONE));
        }
        if (all || types.contains("build-cache")) {
            body.put("BuildCache", List.of());
        }
        return body;
    }
}
