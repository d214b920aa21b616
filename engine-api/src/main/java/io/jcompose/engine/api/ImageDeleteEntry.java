package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of an image removal: a tag that was removed ({@code untagged}) or an image that was deleted. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageDeleteEntry(String untagged, String deleted) {
    public ImageDeleteEntry {
        untagged = Defaults.str(untagged);
        deleted = Defaults.str(deleted);
    }

    public static ImageDeleteEntry untagged(String ref) {
        return new ImageDeleteEntry(ref, "");
    }

    public static ImageDeleteEntry deleted(String id) {
        return new ImageDeleteEntry("", id);
    }
}
