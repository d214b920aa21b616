package io.jcompose.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /events}: past events from {@code since}, stop at {@code until} (without it the stream stays open);
 * filters: type, event/action, container, image, label, network, volume.
 */
public record EventQuery(Optional<Instant> since, Optional<Instant> until, Filters filters) {
    public EventQuery {
        since = Defaults.opt(since);
        until = Defaults.opt(until);
        filters = filters == null ? Filters.NONE : filters;
    }

    /** Events from now on, unfiltered. */
    public static EventQuery live(Filters filters) {
        return new EventQuery(Optional.empty(), Optional.empty(), filters);
    }

    /** Whether {@code event} passes the filters. */
    public boolean matches(Event event) {
        Filters f = filters;
        if (f.has("type") && !f.get("type").contains(event.type())) {
            return false;
        }
        if (f.has("event") && f.get("event").stream().noneMatch(a -> event.action().equals(a)
                || event.action().startsWith(a + ":"))) {
            return false;
        }
        if (f.has("action") && f.get("action").stream().noneMatch(a -> event.action().equals(a))) {
            return false;
        }
        for (String key : new String[] {"container", "image", "network", "volume"}) {
            if (f.has(key) && !(event.type().equals(key) && matchesActor(f.get(key), event))) {
                return false;
            }
        }
        return f.labelsMatch("label", event.actor().attributes());
    }

    private static boolean matchesActor(java.util.List<String> wanted, Event event) {
        String id = event.actor().id();
        String name = event.actor().attributes().getOrDefault("name", "");
        return wanted.stream().anyMatch(w -> id.startsWith(w) || name.equals(w));
    }
}
