package io.jcompose.runtime.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code index.json} of the store: which images exist, their repo digests, and which canonical
 * reference ({@code docker.io/library/busybox:latest}) points to which image id. Not thread
 * safe: the store calls it under its lock; every change is written atomically.
 */
public final class TagIndex {

    private final Path file;
    private final Map<String, String> tags = new TreeMap<>();
    private final Map<String, Set<String>> images = new TreeMap<>();

    private TagIndex(Path file) {
        this.file = file;
    }

    /** Reads {@code file}, or starts empty when it does not exist. */
    public static TagIndex load(Path file) throws IOException {
        TagIndex index = new TagIndex(file);
        if (Files.exists(file)) {
            JsonNode root = Json.parse(Files.readAllBytes(file), file.toString());
            root.path("tags").fields().forEachRemaining(e -> index.tags.put(e.getKey(), e.getValue().asText()));
            root.path("images").fields().forEachRemaining(e -> {
                Set<String> digests = new TreeSet<>();
                e.getValue().path("repo_digests").forEach(d -> digests.add(d.asText()));
                index.images.put(e.getKey(), digests);
            });
        }
        return index;
    }

    /** The image ids, sorted. */
    public List<String> ids() {
        return List.copyOf(images.keySet());
    }

    public boolean contains(String id) {
        return images.containsKey(id);
    }

    /** The image id a canonical reference points to, or null. */
    public String resolve(String canonicalRef) {
        return tags.get(canonicalRef);
    }

    /** The canonical references of an image, sorted. */
    public List<String> tagsOf(String id) {
        List<String> out = new ArrayList<>();
        tags.forEach((ref, target) -> {
            if (target.equals(id)) {
                out.add(ref);
            }
        });
        return out;
    }

    /** Every tag, canonical reference to id. */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    public List<String> repoDigestsOf(String id) {
        return List.copyOf(images.getOrDefault(id, Set.of()));
    }

    /** Adds an image (if new) with extra repo digests. */
    public void putImage(String id, List<String> repoDigests) throws IOException {
        images.computeIfAbsent(id, k -> new TreeSet<>()).addAll(repoDigests);
        save();
    }

    /** Points {@code canonicalRef} at {@code id}, moving it off any other image. */
    public void tag(String canonicalRef, String id) throws IOException {
        tags.put(canonicalRef, id);
        save();
    }

    public void untag(String canonicalRef) throws IOException {
        tags.remove(canonicalRef);
        save();
    }

    /** Forgets an image and its tags. */
    public void removeImage(String id) throws IOException {
        images.remove(id);
        tags.values().removeIf(id::equals);
        save();
    }

    private void save() throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode t = root.putObject("tags");
        tags.forEach(t::put);
        ObjectNode i = root.putObject("images");
        images.forEach((id, digests) -> {
            ArrayNode d = i.putObject(id).putArray("repo_digests");
            digests.forEach(d::add);
        });
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
