package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.HealthConfig;
import io.jcompose.engine.api.ImageHistoryEntry;
import io.jcompose.engine.api.ImageInspect;
import io.jcompose.engine.api.ImageSummary;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.image.HistoryEntry;
import io.jcompose.runtime.image.Image;
import io.jcompose.runtime.image.ImageConfig;
import io.jcompose.runtime.image.ImageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The image store's images as Docker's image objects. */
final class ImageViews {
    private ImageViews() {}

    static List<ImageSummary> list(ImageStore store, Filters filters) {
        filters.requireOnly("reference", "label", "dangling", "before", "since", "until");
        List<ImageSummary> out = new ArrayList<>();
        for (Image i : store.list()) {
            if (filters.has("dangling")) {
                boolean dangling = filters.get("dangling").contains("true") || filters.get("dangling").contains("1");
                if (dangling != i.repoTags().isEmpty()) {
                    continue;
                }
            }
            if (filters.has("reference") && filters.get("reference").stream().noneMatch(r -> referenceMatches(r, i))) {
                continue;
            }
            if (!filters.labelsMatch("label", i.config().labels())) {
                continue;
            }
            out.add(new ImageSummary(i.id(), "", i.repoTags(), i.repoDigests(),
                    i.created().map(Instant::getEpochSecond).orElse(0L), i.size(), -1, i.config().labels(), -1));
        }
        return out;
    }

    private static boolean referenceMatches(String pattern, Image i) {
        String regex = pattern.replace(".", "\\.").replace("*", "[^/]*");
        for (String tag : i.repoTags()) {
            String repo = tag.substring(0, tag.lastIndexOf(':'));
            if (tag.matches(regex) || repo.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    static ContainerConfig config(ImageConfig c) {
        Map<String, Map<String, String>> ports = new TreeMap<>();
        c.exposedPorts().forEach(p -> ports.put(p, Map.of()));
        Map<String, Map<String, String>> vols = new TreeMap<>();
        c.volumes().forEach(v -> vols.put(v, Map.of()));
        Optional<HealthConfig> health = c.healthcheck().map(h -> new HealthConfig(h.test(), h.interval().toNanos(),
                h.timeout().toNanos(), h.startPeriod().toNanos(), h.startInterval().toNanos(), h.retries()));
        return new ContainerConfig("", "", c.user(), false, false, false, false, false, false, c.env(),
                c.cmd().isEmpty() ? Optional.empty() : Optional.of(c.cmd()),
                c.entrypoint().isEmpty() ? Optional.empty() : Optional.of(c.entrypoint()), "", c.labels(),
                c.workingDir(), ports, vols, c.stopSignal().orElse(""), Optional.empty(), health);
    }

    static ImageInspect inspect(ImageStore store, Image i) {
        ImageConfig c = i.config();
        JsonNode blob = blob(store, i);
        JsonNode source = blob.path("container_config");
        Optional<ContainerConfig> sourceConfig = source.isObject() ? Optional.of(Json.bind(source, ContainerConfig.class))
                : Optional.empty();
        return new ImageInspect(i.id(), i.repoTags(), i.repoDigests(), "", blob.path("comment").asText(""),
                i.created().map(Instant::toString).orElse(""), blob.path("container").asText(""), sourceConfig,
                blob.path("author").asText(""), config(c), c.architecture(), c.os(), i.size(),
                new ImageInspect.RootFs("layers", i.layers()));
    }

    private static JsonNode blob(ImageStore store, Image i) {
        try {
            return Json.api().readTree(store.configBlob(i));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Newest step first, as {@code docker history} prints it; the top step carries the image id and tags, the
     * others {@code <missing>} (they are not images of their own here). A step that added a layer shows its size.
     */
    static List<ImageHistoryEntry> history(ImageStore store, Image i) {
        List<HistoryEntry> newestFirst = store.history(i);
        long[] sizes = new long[newestFirst.size()];
        int layer = 0;
        for (int k = newestFirst.size() - 1; k >= 0; k--) {
            if (!newestFirst.get(k).emptyLayer() && layer < i.layers().size()) {
                sizes[k] = store.layerSize(i.layers().get(layer++));
            }
        }
        List<ImageHistoryEntry> out = new ArrayList<>();
        for (int k = 0; k < newestFirst.size(); k++) {
            HistoryEntry e = newestFirst.get(k);
            out.add(new ImageHistoryEntry(k == 0 ? i.id() : "<missing>", e.created().map(Instant::getEpochSecond).orElse(0L),
                    e.createdBy(), k == 0 ? i.repoTags() : List.of(), sizes[k], e.comment()));
        }
        return out;
    }
}
