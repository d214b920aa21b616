package io.jcompose.runtime.image;

import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.internal.ArchiveParser;
import io.jcompose.runtime.image.internal.ArchiveWriter;
import io.jcompose.runtime.image.internal.ConfigParser;
import io.jcompose.runtime.image.internal.LayerStore;
import io.jcompose.runtime.image.internal.LinuxNativeFs;
import io.jcompose.runtime.image.internal.NativeFs;
import io.jcompose.runtime.image.internal.TagIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The local, content-addressed image store under one root directory: images loaded from
 * {@code docker save} archives and OCI layouts, each layer unpacked once into a snapshot that
 * every image using it shares, tags by Docker's reference rules. One instance is safe for
 * concurrent use by many threads; open one instance per root in a process (the engine's) and
 * share it. Layout and safety rules: {@code docs/images.md}.
 */
public final class ImageStore {

    private static final Pattern FULL_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[0-9a-f]{1,63}");

    private final Path root;
    private final StoreLimits limits;
    private final LayerStore layers;
    private final NativeFs fs;
    private final TagIndex index;
    private final Map<String, Integer> pins = new HashMap<>();
    private final Map<String, byte[]> configs = new ConcurrentHashMap<>();
    private final Map<String, List<String>> layerIdsById = new ConcurrentHashMap<>();

    private ImageStore(Path root, StoreLimits limits, NativeFs fs) throws IOException {
        this.root = root;
        this.limits = limits;
        Files.createDirectories(root);
        this.layers = new LayerStore(root, fs, limits);
        this.fs = fs;
        // setuid binaries in snapshots must not be reachable by host users: keep the tree private
        for (String dir : List.of("snapshots", "tmp")) {
            Files.setPosixFilePermissions(root.resolve(dir), PosixFilePermissions.fromString("rwx------"));
        }
        layers.cleanTemp();
        this.index = TagIndex.load(root.resolve("index.json"));
    }

    /** Opens (creating if needed) the store at {@code root} with {@link StoreLimits#defaults()}. */
    public static ImageStore open(Path root) {
        return open(root, StoreLimits.defaults());
    }

    /** Opens (creating if needed) the store at {@code root} with the given limits. */
    public static ImageStore open(Path root, StoreLimits limits) {
        return open(root, limits, new LinuxNativeFs());
    }

    /** Opens the store with the given native calls (tests use this to act unprivileged). */
    static ImageStore open(Path root, StoreLimits limits, NativeFs fs) {
        try {
            return new ImageStore(root, limits, fs);
        } catch (IOException e) {
            throw new ImageException(Reason.HOST, "cannot open image store " + root + ": " + e.getMessage(), e);
        }
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    /**
     * Loads every image of a {@code docker save} or OCI-layout tar stream ({@code docker load});
     * all digests are verified and nothing is kept from an archive that fails.
     */
    public List<Image> load(InputStream archive) {
        return new ImageLoad(this, layers, limits).fromStream(archive);
    }

    /** Loads the images of an archive file (tar) or of an OCI image layout directory. */
    public List<Image> load(Path archive) {
        return new ImageLoad(this, layers, limits).fromPath(archive);
    }

    /** Every image, newest first (like {@code docker images}), untagged ones included. */
    public List<Image> list() {
        synchronized (index) {
            List<Image> out = new ArrayList<>();
            for (String id : index.ids()) {
                out.add(image(id));
            }
            out.sort(Comparator.comparing((Image i) -> i.created().orElse(Instant.EPOCH)).reversed()
                    .thenComparing(Image::id));
            return out;
        }
    }

    /**
     * The image a reference or id names: {@code busybox} ({@code docker.io/library/busybox:latest}),
     * {@code repo@sha256:…} (a repo digest), a full id with or without {@code sha256:}, or a
     * unique id prefix. A malformed reference or an ambiguous prefix is an error.
     */
    public Optional<Image> find(String refOrId) {
        synchronized (index) {
            return findId(refOrId.trim()).map(this::image);
        }
    }

    /** Like {@link #find} but a missing image is an {@link ImageException} ({@code No such image: x}). */
    public Image require(String refOrId) {
        return find(refOrId).orElseThrow(() -> new ImageException(Reason.NOT_FOUND, "No such image: " + refOrId));
    }

    /** The image's run-time config (Entrypoint, Cmd, Env, …). */
    public ImageConfig config(Image image) {
        return image.config();
    }

    /** The image's config blob as stored (for inspect output that needs more than {@link ImageConfig}). */
    public byte[] configBlob(Image image) {
        return configBytes(image.id()).clone();
    }

    /**
     * The snapshot directories of the image's layers, lowest first: overlayfs {@code lowerdir}s
     * (which want them top first). A layer that occurs more than once (common for empty layers)
     * is listed only at its topmost position: overlayfs refuses the same directory twice, and
     * applying a layer again above itself changes nothing that its higher copy does not.
     */
    public List<Path> layerDirs(Image image) {
        List<String> ids = image.layers();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String diffId = ids.get(i);
            if (!layers.has(diffId)) {
                throw new ImageException(Reason.HOST, "image " + image.shortId() + ": layer " + diffId + " is missing from the store");
            }
            if (ids.subList(i + 1, ids.size()).contains(diffId)) {
                continue;
            }
            out.add(layers.rootfs(diffId));
        }
        return out;
    }

    /** The image's history, newest first (like {@code docker history}). */
    public List<HistoryEntry> history(Image image) {
        List<HistoryEntry> h = new ArrayList<>(ConfigParser.history(configBytes(image.id()), image.id()));
        Collections.reverse(h);
        return h;
    }

    /** The unpacked size in bytes of one of the store's layers (by diff id), 0 if it has no such layer. */
    public long layerSize(String diffId) {
        return layers.has(diffId) ? layers.size(diffId) : 0;
    }

    /** Points reference {@code target} ({@code repo[:tag]}, tag defaults to latest) at the image {@code source} names. */
    public void tag(String source, String target) {
        ImageReference ref = ImageReference.parse(target).withDefaultTag();
        if (ref.digest().isPresent()) {
            throw new ImageException(Reason.INVALID, "refusing to create a tag with a digest reference: " + target);
        }
        synchronized (index) {
            Image image = require(source);
            try {
                index.tag(ref.canonical(), image.id());
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "cannot write the image index: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Removes a tag or an image like {@code docker rmi}: a reference drops that tag and deletes
     * the image only with its last tag; an id deletes the image (with several tags only when
     * {@code force}). An image {@code inUse} (by image id) is not deleted: without {@code force}
     * that is a conflict, with it only the tags go. Layers no other image uses are deleted too.
     */
    public RemovalResult remove(String ref, boolean force, Predicate<String> inUse) {
        synchronized (index) {
            try {
                return ImageRemoval.run(this, ref, force, inUse);
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "cannot write the image index: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Removes unused images like {@code docker image prune}: untagged ones, or with {@code all}
     * every image no container uses ({@code inUse} tests image ids); their unshared layers go too.
     */
    public RemovalResult prune(boolean all, Predicate<String> inUse) {
        synchronized (index) {
            List<String> untagged = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            long freed = 0;
            try {
                for (String id : index.ids()) {
                    List<String> tags = index.tagsOf(id);
                    if ((!all && !tags.isEmpty()) || inUse.test(id)) {
                        continue;
                    }
                    tags.forEach(t -> untagged.add(ImageReference.parse(t).familiar()));
                    freed += deleteImage(id, deleted);
                }
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "cannot write the image index: " + e.getMessage(), e);
            }
            return new RemovalResult(untagged, deleted, freed);
        }
    }

    /**
     * Writes a {@code docker save} archive of {@code refs} (Docker 25+ layout, which older
     * {@code docker load} reads too): a tagged reference saves that tag, a bare repository name
     * all its tags, an id the image untagged.
     */
    public void save(List<String> refs, OutputStream out) {
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        List<String> pinned = new ArrayList<>();
        synchronized (index) {
            SaveSelection.of(this, refs).forEach((id, tags) -> {
                List<String> diffIds = ArchiveParser.diffIds(configBytes(id), id);
                entries.add(new ArchiveWriter.Entry(id, configBytes(id), diffIds, tags));
                diffIds.forEach(this::pin); // a concurrent remove must not delete what is being written
                pinned.addAll(diffIds);
            });
        }
        try {
            new ArchiveWriter(layers).write(entries, out);
        } catch (IOException e) {
            throw new ImageException(Reason.HOST, "cannot write image archive: " + e.getMessage(), e);
        } finally {
            synchronized (index) {
                pinned.forEach(this::unpin);
            }
        }
    }

    /**
     * A new image from a container's changes ({@code docker commit}; a build step needs the same): one layer made
     * from the overlayfs upper directory {@code upperDir} (whiteouts and opaque directories become OCI
     * {@code .wh.} entries, the {@code excluded} relative paths are left out), stored as a loaded layer is, and the
     * image config that {@code config} writes for that layer's diff id (its {@code rootfs.diff_ids} end with it;
     * the other layers must be in the store). Tagged {@code tag} ({@code repo[:tag]}) when present.
     */
    public Image create(Path upperDir, Set<String> excluded, Function<String, byte[]> config, Optional<String> tag) {
        return new ImageCreation(this, layers).run(upperDir, excluded, config, tag);
    }

    // ---- package-private helpers for ImageRemoval (called under the index lock) --------------

    Optional<String> findId(String s) {
        if (FULL_ID.matcher(s).matches()) {
            String id = s.startsWith("sha256:") ? s : "sha256:" + s;
            return index.contains(id) ? Optional.of(id) : Optional.empty();
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(s);
        } catch (ImageException invalid) {
            if (!ID_PREFIX.matcher(s).matches()) {
                throw invalid;
            }
        }
        if (ref != null && ref.digest().isPresent()) {
            String wanted = ref.repository() + "@" + ref.digest().get();
            return index.ids().stream().filter(id -> index.repoDigestsOf(id).contains(wanted)).findFirst();
        }
        if (ref != null) {
            String id = index.resolve(ref.withDefaultTag().canonical());
            if (id != null) {
                return Optional.of(id);
            }
        }
        if (ID_PREFIX.matcher(s).matches()) {
            String prefix = s.startsWith("sha256:") ? s : "sha256:" + s;
            List<String> matches = index.ids().stream().filter(id -> id.startsWith(prefix)).toList();
            if (matches.size() > 1) {
                throw new ImageException(Reason.INVALID, "image id prefix \"" + s + "\" is ambiguous");
            }
            return matches.stream().findFirst();
        }
        return Optional.empty();
    }

    TagIndex index() {
        return index;
    }

    /** Pins held on a layer by loads and saves in progress; call under the index lock. */
    int pins(String diffId) {
        return pins.getOrDefault(diffId, 0);
    }

    /**
     * Deletes an image's config and its layers that no other image or load uses; adds the
     * deleted ids to {@code deleted} and returns the bytes freed.
     */
    long deleteImage(String id, List<String> deleted) throws IOException {
        Image image = image(id);
        index.removeImage(id);
        deleted.add(id);
        Files.deleteIfExists(layers.blob(id));
        configs.remove(id);
        layerIdsById.remove(id);
        long freed = 0;
        for (String diffId : image.layers()) {
            if (!referenced(diffId) && pins.getOrDefault(diffId, 0) == 0 && layers.has(diffId)) {
                freed += layers.size(diffId);
                layers.remove(diffId);
                deleted.add(diffId);
            }
        }
        return freed;
    }

    Image image(String id) {
        byte[] config = configBytes(id);
        List<String> diffIds = ArchiveParser.diffIds(config, id);
        long size = 0;
        for (String d : diffIds) {
            size += layers.size(d);
        }
        ImageConfig cfg = ConfigParser.config(config, id);
        List<String> tags = index.tagsOf(id).stream().map(t -> ImageReference.parse(t).familiar()).sorted().toList();
        List<String> digests = index.repoDigestsOf(id).stream().map(ImageStore::familiarDigest).sorted().toList();
        return new Image(id, tags, digests, cfg.created(), size, diffIds, cfg);
    }

    private static String familiarDigest(String repoDigest) {
        int at = repoDigest.indexOf('@');
        return ImageReference.parse(repoDigest.substring(0, at)).familiarRepository() + repoDigest.substring(at);
    }

    byte[] configBytes(String id) {
        return configs.computeIfAbsent(id, k -> {
            try {
                return Files.readAllBytes(layers.blob(k));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ImageException(Reason.NOT_FOUND, "No such image: " + k);
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "image " + k + ": config blob unreadable: " + e.getMessage(), e);
            }
        });
    }

    boolean referenced(String diffId) {
        for (String id : index.ids()) {
            if (layerIdsById.computeIfAbsent(id, k -> ArchiveParser.diffIds(configBytes(k), k)).contains(diffId)) {
                return true;
            }
        }
        return false;
    }

    void pin(String diffId) {
        synchronized (index) {
            pins.merge(diffId, 1, Integer::sum);
        }
    }

    /** Drops one pin; call under the index lock. */
    void unpin(String diffId) {
        pins.computeIfPresent(diffId, (k, n) -> n == 1 ? null : n - 1);
    }
}
