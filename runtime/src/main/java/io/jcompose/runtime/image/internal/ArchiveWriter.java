package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images as Docker 25+ {@code docker save} does: an OCI image layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}, uncompressed layers) that
 * also has {@code manifest.json} and {@code repositories}, so both {@code docker load} (old and
 * new) and OCI tools read it.
 */
public final class ArchiveWriter {

    /** One image to write: id, config bytes, diff ids, and the canonical tags to give it. */
    public record Entry(String id, byte[] config, List<String> diffIds, List<String> tags) {}

    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private final LayerStore layers;

    public ArchiveWriter(LayerStore layers) {
        this.layers = layers;
    }

    /** Writes {@code images} to {@code out} as one tar archive (not closing {@code out}). */
    public void write(List<Entry> images, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        dir(tar, "blobs/");
        dir(tar, "blobs/sha256/");
        Set<String> written = new HashSet<>();
        List<Object> dockerManifest = new ArrayList<>();
        List<Object> indexManifests = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (Entry image : images) {
            List<Object> layerDescriptors = new ArrayList<>();
            List<String> layerPaths = new ArrayList<>();
            for (String diffId : image.diffIds()) {
                Path blob = layers.blob(diffId);
                if (written.add(diffId)) {
                    file(tar, "blobs/sha256/" + Digests.hex(diffId), blob);
                }
                layerDescriptors.add(descriptor(LAYER_TYPE, diffId, Files.size(blob)));
                layerPaths.add("blobs/sha256/" + Digests.hex(diffId));
            }
            if (written.add(image.id())) {
                bytes(tar, "blobs/sha256/" + Digests.hex(image.id()), image.config());
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_TYPE);
            manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", image.id(), image.config().length));
            manifest.put("layers", layerDescriptors);
            byte[] manifestBytes = Json.write(manifest);
            String manifestDigest = Digests.of(manifestBytes);
            if (written.add(manifestDigest)) {
                bytes(tar, "blobs/sha256/" + Digests.hex(manifestDigest), manifestBytes);
            }
            List<String> familiar = new ArrayList<>();
            for (String tag : image.tags()) {
                ImageReference ref = ImageReference.parse(tag);
                familiar.add(ref.familiar());
                Map<String, Object> d = descriptor(MANIFEST_TYPE, manifestDigest, manifestBytes.length);
                d.put("annotations", Map.of("io.containerd.image.name", ref.canonical(),
                        "org.opencontainers.image.ref.name", ref.tag().orElse("latest")));
                indexManifests.add(d);
                repositories.computeIfAbsent(ref.familiarRepository(), k -> new LinkedHashMap<>())
                        .put(ref.tag().orElse("latest"), Digests.hex(image.id()));
            }
            if (image.tags().isEmpty()) {
                indexManifests.add(descriptor(MANIFEST_TYPE, manifestDigest, manifestBytes.length));
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Config", "blobs/sha256/" + Digests.hex(image.id()));
            item.put("RepoTags", familiar.isEmpty() ? null : familiar);
            item.put("Layers", layerPaths);
            dockerManifest.add(item);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.put("manifests", indexManifests);
        bytes(tar, "index.json", Json.write(index));
        bytes(tar, "manifest.json", Json.write(dockerManifest));
        bytes(tar, "oci-layout", Json.write(Map.of("imageLayoutVersion", "1.0.0")));
        if (!repositories.isEmpty()) {
            bytes(tar, "repositories", Json.write(repositories));
        }
        tar.finish();
        tar.flush();
    }

    private static Map<String, Object> descriptor(String type, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", type);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void bytes(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(Files.size(file));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }
}
