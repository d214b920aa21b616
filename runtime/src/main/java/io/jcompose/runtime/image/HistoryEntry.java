package io.jcompose.runtime.image;

import java.time.Instant;
import java.util.Optional;

/** One step of an image's history ({@code docker history}); {@code emptyLayer} steps add no layer. */
public record HistoryEntry(Optional<Instant> created, String createdBy, String comment, boolean emptyLayer) {}
