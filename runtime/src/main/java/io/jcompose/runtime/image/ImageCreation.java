package io.jcompose.runtime.image;

import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.internal.ArchiveParser;
import io.jcompose.runtime.image.internal.AtomicFiles;
import io.jcompose.runtime.image.internal.Digests;
import io.jcompose.runtime.image.internal.LayerStore;
import io.jcompose.runtime.image.internal.UpperDirTar;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One new image from an overlayfs upper directory ({@link ImageStore#create}): the directory is written as a layer
 * tar to {@code tmp/}, stored through the same checked path as a loaded layer, then the caller's config is recorded;
 * on failure a layer this creation added that nothing else uses is removed again.
 */
final class ImageCreation {
    private final ImageStore store;
    private final LayerStore layers;

    ImageCreation(ImageStore store, LayerStore layers) {
        this.store = store;
        this.layers = layers;
    }

    Image run(Path upperDir, Set<String> excluded, Function<String, byte[]> config, Optional<String> tag) {
        Optional<ImageReference> ref = tag.map(t -> ImageReference.parse(t).withDefaultTag());
        if (ref.isPresent() && ref.get().digest().isPresent()) {
            throw new ImageException(Reason.INVALID, "refusing to create a tag with a digest reference: " + tag.get());
        }
        Path spool = null;
        try {
            spool = Files.createTempFile(store.root().resolve("tmp"), "layer-", ".tar");
            String diffId = spool(upperDir, excluded, spool);
            store.pin(diffId);
            boolean added = false;
            try {
                try (InputStream in = Files.newInputStream(spool)) {
                    added = layers.put(in, Optional.empty(), diffId);
                }
                return record(config.apply(diffId), diffId, ref);
            } catch (RuntimeException | IOException e) {
                synchronized (store.index()) {
                    if (added && store.pins(diffId) == 1 && !store.referenced(diffId)) {
                        layers.remove(diffId);
                    }
                }
                throw e;
            } finally {
                synchronized (store.index()) {
                    store.unpin(diffId);
                }
            }
        } catch (IOException e) {
            throw new ImageException(Reason.HOST, "cannot store the new layer of " + upperDir + ": " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                spool.toFile().delete();
            }
        }
    }

    /** Writes the layer tar of {@code upperDir} to {@code spool}; returns its diff id. */
    private String spool(Path upperDir, Set<String> excluded, Path spool) throws IOException {
        MessageDigest digest = Digests.sha256();
        try (OutputStream out = new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024), digest)) {
            UpperDirTar.overlay(excluded).write(upperDir, out);
        }
        return Digests.format(digest.digest());
    }

    private Image record(byte[] blob, String diffId, Optional<ImageReference> ref) throws IOException {
        String id = Digests.of(blob);
        List<String> diffIds = ArchiveParser.diffIds(blob, id);
        if (diffIds.isEmpty() || !diffIds.get(diffIds.size() - 1).equals(diffId)) {
            throw new IllegalArgumentException("the config of a new image must end its diff_ids with " + diffId);
        }
        for (String d : diffIds) {
            if (!layers.has(d)) {
                throw new ImageException(Reason.NOT_FOUND, "layer " + d + " is not in the store");
            }
        }
        synchronized (store.index()) {
            AtomicFiles.write(layers.blob(id), blob);
            store.index().putImage(id, List.of());
            if (ref.isPresent()) {
                store.index().tag(ref.get().canonical(), id);
            }
            return store.image(id);
        }
    }
}
