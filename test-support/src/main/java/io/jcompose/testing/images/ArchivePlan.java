package io.jcompose.testing.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The files of one image archive, computed from a builder's state, then written out. */
final class ArchivePlan {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final String imageId;
    private final List<String> diffIds;

    private ArchivePlan(String imageId, List<String> diffIds) {
        this.imageId = imageId;
        this.diffIds = List.copyOf(diffIds);
    }

    static ArchivePlan of(List<byte[]> tars, boolean gzip, Map<String, Object> containerConfig,
                          Instant created, String os, String architecture, List<String> tags,
                          ArchiveFormat format) {
        List<String> diffIds = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        List<Map<String, Object>> history = new ArrayList<>();
        for (int i = 0; i < tars.size(); i++) {
            diffIds.add(digest(tars.get(i)));
            blobs.add(gzip ? gzip(tars.get(i)) : tars.get(i));
            history.add(ordered("created", created.toString(), "created_by", "jcompose-test layer " + (i + 1)));
        }
        Map<String, Object> cfg = ordered("architecture", architecture, "os", os,
                "created", created.toString(), "config", containerConfig,
                "rootfs", ordered("type", "layers", "diff_ids", diffIds), "history", history);
        byte[] configBytes = json(cfg);
        ArchivePlan plan = new ArchivePlan(digest(configBytes), diffIds);
        if (format == ArchiveFormat.DOCKER_SAVE) {
            plan.legacy(configBytes, blobs, tags);
        } else {
            plan.oci(configBytes, blobs, tags, gzip, format == ArchiveFormat.DOCKER_SAVE_OCI);
        }
        return plan;
    }

    String imageId() {
        return imageId;
    }

    List<String> diffIds() {
        return diffIds;
    }

    void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<String> dirs = new HashSet<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                String dir = name.substring(0, i + 1);
                if (dirs.add(dir)) {
                    TarArchiveEntry d = new TarArchiveEntry(dir);
                    d.setModTime(TestImageBuilder.EPOCH.toEpochMilli());
                    tar.putArchiveEntry(d);
                    tar.closeArchiveEntry();
                }
            }
            TarArchiveEntry e = new TarArchiveEntry(f.getKey());
            e.setSize(f.getValue().length);
            e.setModTime(TestImageBuilder.EPOCH.toEpochMilli());
            tar.putArchiveEntry(e);
            tar.write(f.getValue());
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    void writeDirectory(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
    }

    private void legacy(byte[] configBytes, List<byte[]> blobs, List<String> tags) {
        String configName = hex(imageId) + ".json";
        files.put(configName, configBytes);
        List<String> layerPaths = new ArrayList<>();
        String parent = "";
        for (int i = 0; i < blobs.size(); i++) {
            String id = hex(digest((parent + diffIds.get(i)).getBytes(StandardCharsets.UTF_8)));
            files.put(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            Map<String, Object> v1 = ordered("id", id);
            if (!parent.isEmpty()) {
                v1.put("parent", parent);
            }
            files.put(id + "/json", json(v1));
            files.put(id + "/layer.tar", blobs.get(i));
            layerPaths.add(id + "/layer.tar");
            parent = id;
        }
        files.put("manifest.json", json(List.of(ordered("Config", configName,
                "RepoTags", tags.isEmpty() ? null : tags, "Layers", layerPaths))));
        putRepositories(tags, parent);
    }

    private void oci(byte[] configBytes, List<byte[]> blobs, List<String> tags, boolean gzip, boolean dockerCompat) {
        String layerType = "application/vnd.oci.image.layer.v1.tar" + (gzip ? "+gzip" : "");
        List<Object> layerDescriptors = new ArrayList<>();
        List<String> layerPaths = new ArrayList<>();
        for (byte[] blob : blobs) {
            layerDescriptors.add(descriptor(layerType, blob, null));
            layerPaths.add(putBlob(blob));
        }
        String configPath = putBlob(configBytes);
        byte[] manifest = json(ordered("schemaVersion", 2, "mediaType", OCI_MANIFEST,
                "config", descriptor("application/vnd.oci.image.config.v1+json", configBytes, null),
                "layers", layerDescriptors));
        putBlob(manifest);
        List<Object> manifests = new ArrayList<>();
        if (tags.isEmpty()) {
            manifests.add(descriptor(OCI_MANIFEST, manifest, null));
        }
        for (String tag : tags) {
            String tagPart = tag.substring(tag.lastIndexOf(':') + 1);
            manifests.add(descriptor(OCI_MANIFEST, manifest, ordered(
                    "io.containerd.image.name", fullName(tag), "org.opencontainers.image.ref.name", tagPart)));
        }
        files.put("oci-layout", json(ordered("imageLayoutVersion", "1.0.0")));
        files.put("index.json", json(ordered("schemaVersion", 2, "mediaType", OCI_INDEX, "manifests", manifests)));
        if (dockerCompat) {
            files.put("manifest.json", json(List.of(ordered("Config", configPath,
                    "RepoTags", tags.isEmpty() ? null : tags, "Layers", layerPaths))));
            putRepositories(tags, hex(imageId));
        }
    }

    private void putRepositories(List<String> tags, String topId) {
        if (tags.isEmpty()) {
            return;
        }
        Map<String, Map<String, String>> repos = new LinkedHashMap<>();
        for (String tag : tags) {
            int colon = tag.lastIndexOf(':');
            repos.computeIfAbsent(tag.substring(0, colon), k -> new LinkedHashMap<>()).put(tag.substring(colon + 1), topId);
        }
        files.put("repositories", json(repos));
    }

    private String putBlob(byte[] blob) {
        String path = "blobs/sha256/" + hex(digest(blob));
        files.put(path, blob);
        return path;
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob, Map<String, Object> annotations) {
        Map<String, Object> d = ordered("mediaType", mediaType, "digest", digest(blob), "size", blob.length);
        if (annotations != null) {
            d.put("annotations", annotations);
        }
        return d;
    }

    private static String fullName(String tag) {
        String repo = tag.substring(0, tag.lastIndexOf(':'));
        String first = repo.contains("/") ? repo.substring(0, repo.indexOf('/')) : "";
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        String qualified = hasRegistry ? repo : "docker.io/" + (repo.contains("/") ? repo : "library/" + repo);
        return qualified + tag.substring(tag.lastIndexOf(':'));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}
