package io.jcompose.runtime.image;

import io.jcompose.runtime.image.ImageException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which images and tags {@code docker save REF…} writes: {@code repo:tag} that tag,
 * {@code repo} every tag of the repository, an id or {@code repo@digest} the image untagged.
 */
final class SaveSelection {

    private static final Pattern ID = Pattern.compile("(sha256:)?[0-9a-f]{1,64}");

    private SaveSelection() {}

    /** Image id to the canonical tags to write with it, in the order first named. */
    static Map<String, List<String>> of(ImageStore store, List<String> refs) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String raw : refs) {
            String r = raw.trim();
            Map<String, String> tags = store.index().tags();
            ImageReference ref = parseOrNull(r);
            if (ref == null || (ID.matcher(r).matches() && !tags.containsKey(ref.withDefaultTag().canonical()))) {
                selected.computeIfAbsent(store.require(r).id(), k -> new ArrayList<>());
            } else if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
                boolean any = false;
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    if (ImageReference.parse(t.getKey()).repository().equals(ref.repository())) {
                        add(selected, t.getValue(), t.getKey());
                        any = true;
                    }
                }
                if (!any) {
                    throw new ImageException(Reason.NOT_FOUND, "No such image: " + r);
                }
            } else if (ref.tag().isPresent()) {
                add(selected, store.require(r).id(), ref.canonical());
            } else {
                selected.computeIfAbsent(store.require(r).id(), k -> new ArrayList<>());
            }
        }
        return selected;
    }

    private static ImageReference parseOrNull(String r) {
        try {
            return ImageReference.parse(r);
        } catch (ImageException e) {
            if (ID.matcher(r).matches()) {
                return null;
            }
            throw e;
        }
    }

    private static void add(Map<String, List<String>> selected, String id, String tag) {
        List<String> tags = selected.computeIfAbsent(id, k -> new ArrayList<>());
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
    }
}
