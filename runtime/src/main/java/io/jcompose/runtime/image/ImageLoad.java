package io.jcompose.runtime.image;

import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.internal.ArchiveParser;
import io.jcompose.runtime.image.internal.ArchiveSource;
import io.jcompose.runtime.image.internal.AtomicFiles;
import io.jcompose.runtime.image.internal.BoundedInputStream;
import io.jcompose.runtime.image.internal.DirectoryArchiveSource;
import io.jcompose.runtime.image.internal.ImageRecipe;
import io.jcompose.runtime.image.internal.LayerStore;
import io.jcompose.runtime.image.internal.TagIndex;
import io.jcompose.runtime.image.internal.TarArchiveSource;
import io.jcompose.runtime.image.internal.TarHeaderGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code docker load} into the store: bound the archive, find its images, store and verify
 * their layers, then record configs and tags; on failure remove the layers this load added
 * that nothing else uses.
 */
final class ImageLoad {

    private static final long MAX_ARCHIVE_METADATA = 1 << 20;
    private static final long MAX_ARCHIVE_ENTRIES = 1_000_000;

    private final ImageStore store;
    private final LayerStore layers;
    private final StoreLimits limits;

    ImageLoad(ImageStore store, LayerStore layers, StoreLimits limits) {
        this.store = store;
        this.layers = layers;
        this.limits = limits;
    }

    /** Spools the stream (bounded) to {@code tmp/}, then loads it. */
    List<Image> fromStream(InputStream archive) {
        Path spool = null;
        try {
            spool = Files.createTempFile(store.root().resolve("tmp"), "archive-", ".tar");
            try (OutputStream out = Files.newOutputStream(spool)) {
                TarHeaderGuard guard = new TarHeaderGuard(
                        new BoundedInputStream(archive, limits.maxArchiveBytes(), "image archive"), MAX_ARCHIVE_METADATA, "archive");
                guard.transferTo(out);
                checkEntryCount(guard);
            }
            return open(spool);
        } catch (IOException e) {
            throw new ImageException(Reason.HOST, "cannot read image archive: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                spool.toFile().delete();
            }
        }
    }

    /** Loads a tar file or an OCI layout directory. */
    List<Image> fromPath(Path archive) {
        if (!Files.exists(archive)) {
            throw new ImageException(Reason.NOT_FOUND, "no such file or directory: " + archive);
        }
        if (!Files.isDirectory(archive)) {
            // the tar reader keeps every header in memory: bound their number and size first
            try (InputStream in = Files.newInputStream(archive)) {
                TarHeaderGuard guard = new TarHeaderGuard(in, MAX_ARCHIVE_METADATA, "archive");
                guard.transferTo(OutputStream.nullOutputStream());
                checkEntryCount(guard);
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "cannot read image archive " + archive + ": " + e.getMessage(), e);
            }
        }
        return open(archive);
    }

    private static void checkEntryCount(TarHeaderGuard guard) {
        if (guard.headers() > MAX_ARCHIVE_ENTRIES) {
            throw new ImageException(Reason.TOO_LARGE, "image archive has more than " + MAX_ARCHIVE_ENTRIES + " entries");
        }
    }

    private List<Image> open(Path archive) {
        try (ArchiveSource source = Files.isDirectory(archive) ? new DirectoryArchiveSource(archive)
                : TarArchiveSource.open(archive)) {
            return load(source);
        } catch (IOException e) {
            throw new ImageException(Reason.HOST, "cannot read image archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private List<Image> load(ArchiveSource source) throws IOException {
        List<ImageRecipe> recipes = new ArchiveParser(source, limits).images();
        TagIndex index = store.index();
        List<String> pinned = new ArrayList<>();
        List<String> added = new ArrayList<>();
        try {
            for (ImageRecipe recipe : recipes) {
                for (ImageRecipe.LayerRef layer : recipe.layers()) {
                    store.pin(layer.diffId());
                    pinned.add(layer.diffId());
                    InputStream blob = source.open(layer.path()).orElseThrow(() -> new ImageException(Reason.INVALID,
                            "archive has no layer file \"" + layer.path() + "\""));
                    if (layers.put(blob, layer.blobDigest(), layer.diffId())) {
                        added.add(layer.diffId());
                    }
                }
            }
            List<Image> out = new ArrayList<>();
            synchronized (index) {
                for (ImageRecipe recipe : recipes) {
                    AtomicFiles.write(layers.blob(recipe.imageId()), recipe.config());
                    index.putImage(recipe.imageId(), recipe.repoDigests());
                    for (String tag : recipe.tags()) {
                        index.tag(tag, recipe.imageId());
                    }
                }
                for (ImageRecipe recipe : recipes) {
                    out.add(store.image(recipe.imageId()));
                }
            }
            return out;
        } catch (RuntimeException | IOException e) {
            synchronized (index) {
                for (String diffId : added) {
                    if (store.pins(diffId) == Collections.frequency(pinned, diffId) && !store.referenced(diffId)) {
                        layers.remove(diffId);
                    }
                }
            }
            throw e;
        } finally {
            synchronized (index) {
                pinned.forEach(store::unpin);
            }
        }
    }
}
