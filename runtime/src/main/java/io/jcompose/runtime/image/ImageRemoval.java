package io.jcompose.runtime.image;

import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.internal.TagIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code docker rmi} semantics for {@link ImageStore#remove}; runs under the store's index lock. */
final class ImageRemoval {

    private ImageRemoval() {}

    static RemovalResult run(ImageStore store, String ref, boolean force, Predicate<String> inUse) throws IOException {
        String id = store.findId(ref.trim())
                .orElseThrow(() -> new ImageException(Reason.NOT_FOUND, "No such image: " + ref));
        TagIndex index = store.index();
        String shortId = store.image(id).shortId();
        List<String> tags = index.tagsOf(id);
        String asTag = tagNamed(ref.trim(), id, index);
        List<String> untagged = new ArrayList<>();
        boolean used = inUse.test(id);
        if (asTag != null) {
            if (tags.size() > 1) {
                return untag(index, List.of(asTag), List.of());
            }
            if (used && !force) {
                throw new ImageException(Reason.CONFLICT, "conflict: unable to remove repository reference \""
                        + ref + "\" (must force) - a container is using its referenced image " + shortId);
            }
        } else {
            if (tags.size() > 1 && !force) {
                throw new ImageException(Reason.CONFLICT, "conflict: unable to delete " + shortId
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            if (used && !force) {
                throw new ImageException(Reason.CONFLICT, "conflict: unable to delete " + shortId
                        + " (must be forced) - image is being used by a container");
            }
        }
        if (used) {
            return untag(index, tags, List.of()); // forced: the tags go, the image stays for its containers
        }
        for (String t : tags) {
            untagged.add(ImageReference.parse(t).familiar());
        }
        List<String> deleted = new ArrayList<>();
        long freed = store.deleteImage(id, deleted);
        return new RemovalResult(untagged, deleted, freed);
    }

    /** The canonical tag {@code ref} names when it is a reference to {@code id} (not an id form); else null. */
    private static String tagNamed(String ref, String id, TagIndex index) {
        try {
            ImageReference parsed = ImageReference.parse(ref);
            if (parsed.digest().isPresent()) {
                return null;
            }
            String canonical = parsed.withDefaultTag().canonical();
            return id.equals(index.resolve(canonical)) ? canonical : null;
        } catch (ImageException notAReference) {
            return null;
        }
    }

    private static RemovalResult untag(TagIndex index, List<String> tags, List<String> deleted) throws IOException {
        List<String> untagged = new ArrayList<>();
        for (String t : tags) {
            index.untag(t);
            untagged.add(ImageReference.parse(t).familiar());
        }
        return new RemovalResult(untagged, deleted, 0);
    }
}
