package io.jcompose.runtime.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.ImageReference;
import io.jcompose.runtime.image.StoreLimits;
import io.jcompose.runtime.image.internal.ImageRecipe.LayerRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the images in an archive: {@code manifest.json} ({@code docker save}, both the legacy
 * layout and the OCI one Docker 25+ writes) or, without it, {@code index.json} (an OCI image
 * layout; nested indexes are followed, the host platform is picked). Every config and manifest
 * is checked against the digest that names it.
 */
public final class ArchiveParser {

    private static final int MAX_INDEX_DEPTH = 4;

    private final ArchiveSource archive;
    private final StoreLimits limits;

    public ArchiveParser(ArchiveSource archive, StoreLimits limits) {
        this.archive = archive;
        this.limits = limits;
    }

    /** The images of the archive, in archive order. */
    public List<ImageRecipe> images() throws IOException {
        Optional<byte[]> manifest = archive.read("manifest.json", limits.maxJsonBytes());
        if (manifest.isPresent()) {
            return dockerSave(Json.parse(manifest.get(), "manifest.json"));
        }
        Optional<byte[]> index = archive.read("index.json", limits.maxJsonBytes());
        if (index.isPresent()) {
            List<ImageRecipe> out = new ArrayList<>();
            ociIndex(Json.parse(index.get(), "index.json"), "index.json", Optional.empty(), 0, out);
            if (out.isEmpty()) {
                throw new ImageException(Reason.INVALID, "index.json: no image for linux/" + hostArch());
            }
            return out;
        }
        throw new ImageException(Reason.INVALID,
                "not an image archive: no manifest.json (docker save) or index.json (OCI layout)");
    }

    private List<ImageRecipe> dockerSave(JsonNode manifest) throws IOException {
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new ImageException(Reason.INVALID, "manifest.json: expected a non-empty list of images");
        }
        List<ImageRecipe> out = new ArrayList<>();
        for (JsonNode item : manifest) {
            String configPath = text(item, "Config", "manifest.json");
            byte[] config = archive.require(configPath, limits.maxJsonBytes());
            String id = Digests.of(config);
            String named = nameDigest(configPath);
            if (named != null && !named.equals(id)) {
                throw new ImageException(Reason.INVALID, "config " + configPath + " does not match its digest: content is " + id);
            }
            List<String> diffIds = diffIds(config, id);
            JsonNode layers = item.path("Layers");
            if (!layers.isArray() || layers.size() != diffIds.size()) {
                throw new ImageException(Reason.INVALID, "manifest.json: image " + id + " lists " + layers.size()
                        + " layers but its config has " + diffIds.size() + " diff ids");
            }
            List<LayerRef> refs = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                String path = layers.get(i).asText();
                refs.add(new LayerRef(path, Optional.ofNullable(nameDigest(path)), diffIds.get(i)));
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode tag : item.path("RepoTags")) {
                tags.add(ImageReference.parse(tag.asText()).withDefaultTag().canonical());
            }
            out.add(new ImageRecipe(config, id, refs, tags, List.of()));
        }
        return out;
    }

    private void ociIndex(JsonNode index, String what, Optional<String> inheritedName, int depth,
                          List<ImageRecipe> out) throws IOException {
        if (depth > MAX_INDEX_DEPTH) {
            throw new ImageException(Reason.INVALID, what + ": indexes nested too deep");
        }
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray()) {
            throw new ImageException(Reason.INVALID, what + ": no manifests list");
        }
        List<JsonNode> images = new ArrayList<>();
        for (JsonNode d : manifests) {
            Optional<String> name = refName(d).or(() -> inheritedName);
            String type = d.path("mediaType").asText("");
            if (type.endsWith("image.index.v1+json") || type.endsWith("manifest.list.v2+json")) {
                ociIndex(Json.parse(blob(d, what), "index " + d.path("digest").asText()),
                        "index " + d.path("digest").asText(), name, depth + 1, out);
            } else if (platformMatches(d)) {
                images.add(d);
            }
        }
        if (depth > 0 && images.isEmpty()) {
            throw new ImageException(Reason.INVALID, what + ": no image for linux/" + hostArch());
        }
        for (JsonNode d : depth == 0 ? images : images.subList(0, 1)) {
            out.add(image(d, what, refName(d).or(() -> inheritedName)));
        }
    }

    private ImageRecipe image(JsonNode descriptor, String what, Optional<String> name) throws IOException {
        String manifestDigest = descriptor.path("digest").asText();
        JsonNode manifest = Json.parse(blob(descriptor, what), "manifest " + manifestDigest);
        JsonNode configDescriptor = manifest.path("config");
        byte[] config = blob(configDescriptor, "manifest " + manifestDigest);
        String id = Digests.of(config);
        List<String> diffIds = diffIds(config, id);
        JsonNode layers = manifest.path("layers");
        if (!layers.isArray() || layers.size() != diffIds.size()) {
            throw new ImageException(Reason.INVALID, "manifest " + manifestDigest + " lists " + layers.size()
                    + " layers but its config has " + diffIds.size() + " diff ids");
        }
        List<LayerRef> refs = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String digest = layers.get(i).path("digest").asText();
            if (!Digests.valid(digest)) {
                throw new ImageException(Reason.INVALID, "manifest " + manifestDigest + ": bad layer digest \"" + digest + "\"");
            }
            refs.add(new LayerRef("blobs/sha256/" + Digests.hex(digest), Optional.of(digest), diffIds.get(i)));
        }
        List<String> tags = new ArrayList<>();
        List<String> repoDigests = new ArrayList<>();
        if (name.isPresent()) {
            ImageReference ref = ImageReference.parse(name.get()).withDefaultTag();
            tags.add(ref.canonical());
            repoDigests.add(ref.repository() + "@" + manifestDigest);
        }
        return new ImageRecipe(config, id, refs, tags, repoDigests);
    }

    /** Reads the blob a descriptor names and checks its digest (and size, when given). */
    private byte[] blob(JsonNode descriptor, String what) throws IOException {
        String digest = descriptor.path("digest").asText();
        if (!Digests.valid(digest)) {
            throw new ImageException(Reason.INVALID, what + ": bad digest \"" + digest + "\"");
        }
        byte[] data = archive.require("blobs/sha256/" + Digests.hex(digest), limits.maxJsonBytes());
        if (!Digests.of(data).equals(digest)) {
            throw new ImageException(Reason.INVALID, "blob " + digest + " does not match its digest: content is " + Digests.of(data));
        }
        if (descriptor.has("size") && descriptor.path("size").asLong() != data.length) {
            throw new ImageException(Reason.INVALID, "blob " + digest + " has " + data.length
                    + " bytes, its descriptor says " + descriptor.path("size").asLong());
        }
        return data;
    }

    /** The reference an OCI descriptor's annotations give, if it is a full name (not just a tag). */
    private static Optional<String> refName(JsonNode descriptor) {
        JsonNode a = descriptor.path("annotations");
        String containerd = a.path("io.containerd.image.name").asText("");
        if (!containerd.isEmpty()) {
            return Optional.of(containerd);
        }
        String ref = a.path("org.opencontainers.image.ref.name").asText("");
        return ref.contains("/") || ref.contains(":") ? Optional.of(ref) : Optional.empty();
    }

    private static boolean platformMatches(JsonNode d) {
        JsonNode p = d.path("platform");
        if (p.isMissingNode()) {
            return true;
        }
        return p.path("os").asText("linux").equals("linux") && p.path("architecture").asText("").equals(hostArch());
    }

    static String hostArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** The diff ids of a config blob, checked for shape. */
    public static List<String> diffIds(byte[] config, String id) {
        JsonNode root = Json.parse(config, "config " + id);
        JsonNode ids = root.path("rootfs").path("diff_ids");
        if (!ids.isArray()) {
            throw new ImageException(Reason.INVALID, "config " + id + ": no rootfs.diff_ids");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode d : ids) {
            if (!Digests.valid(d.asText())) {
                throw new ImageException(Reason.INVALID, "config " + id + ": bad diff id \"" + d.asText() + "\"");
            }
            out.add(d.asText());
        }
        return out;
    }

    /** {@code sha256:<hex>} when a path is {@code <hex>.json}, {@code blobs/sha256/<hex>}; otherwise null. */
    private static String nameDigest(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (base.endsWith(".json")) {
            base = base.substring(0, base.length() - 5);
        }
        String candidate = "sha256:" + base;
        boolean blobPath = path.startsWith("blobs/sha256/") || path.equals(base + ".json");
        return blobPath && Digests.valid(candidate) ? candidate : null;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new ImageException(Reason.INVALID, what + ": missing \"" + field + "\"");
        }
        return v.asText();
    }
}
