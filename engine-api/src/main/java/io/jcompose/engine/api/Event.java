package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One event of {@code GET /events}: type (container, image, network, volume), action (create, start, die, ...),
 * the actor's id and attributes (name, image, labels, exitCode), the time in seconds and nanoseconds.
 * {@code status}, {@code id} and {@code from} are the pre-1.22 fields that older clients still read.
 */
public record Event(String type, String action, Actor actor, @JsonProperty("scope") String scope,
                    @JsonProperty("time") long time, @JsonProperty("timeNano") long timeNano,
                    @JsonProperty("status") String status, @JsonProperty("id") String id,
                    @JsonProperty("from") String from) {
    public Event {
        type = Defaults.str(type);
        action = Defaults.str(action);
        actor = actor == null ? new Actor("", Map.of()) : actor;
        scope = scope == null || scope.isEmpty() ? "local" : scope;
        status = Defaults.str(status);
        id = Defaults.str(id);
        from = Defaults.str(from);
    }

    /** An event happening now. */
    public static Event of(String type, String action, String actorId, Map<String, String> attributes) {
        java.time.Instant now = java.time.Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        boolean container = type.equals("container");
        return new Event(type, action, new Actor(actorId, attributes), "local", now.getEpochSecond(), nanos,
                container ? action : "", container ? actorId : "", container ? attributes.getOrDefault("image", "") : "");
    }

    /** {@code Actor}: the object the event is about. */
    public record Actor(@JsonProperty("ID") String id, Map<String, String> attributes) {
        public Actor {
            id = Defaults.str(id);
            attributes = Defaults.map(attributes);
        }
    }
}
