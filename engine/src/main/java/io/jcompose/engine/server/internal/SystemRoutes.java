package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.Event;
import io.jcompose.engine.api.EventQuery;
import io.jcompose.engine.api.json.Json;
import io.jcompose.engine.api.EngineException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /events}, {@code /system/df}, {@code /auth}, {@code /build/prune}. */
final class SystemRoutes {
    private SystemRoutes() {}

    static void register(Router r, Engine engine) {
        r.add("GET", "/_ping", (ex, a) -> ping(ex, true));
        r.add("HEAD", "/_ping", (ex, a) -> ping(ex, false));
        r.add("GET", "/version", (ex, a) -> ex.json(200, engine.version()));
        r.add("GET", "/info", (ex, a) -> ex.json(200, engine.info()));
        r.add("GET", "/events", (ex, a) -> events(ex, engine));
        r.add("GET", "/system/df", (ex, a) -> ex.json(200, DiskUsageReport.of(engine, types(ex))));
        // no builder yet, so no build cache: `docker system prune` and `docker builder prune` find nothing to remove
        // credentials are checked against the registry, and registries come with image pulls
        r.add("POST", "/auth", (ex, a) -> {
            throw new EngineException(501, "logging in to a registry is not supported by the jcompose engine yet");
        });
        r.add("POST", "/build/prune", (ex, a) -> ex.json(200, Map.of("CachesDeleted", List.of(), "SpaceReclaimed", 0)));
    }

    private static Set<String> types(Exchange ex) {
        Set<String> types = new HashSet<>(ex.queryAll("type"));
        for (String t : types) {
            if (!Set.of("container", "image", "volume", "build-cache").contains(t)) {
                throw new EngineException.BadRequest("invalid type: " + t);
            }
        }
        return types;
    }

    private static void ping(Exchange ex, boolean body) {
        Map<String, String> headers = Map.of("Cache-Control", "no-cache, no-store, must-revalidate", "Pragma",
                "no-cache", "Builder-Version", "1");
        if (body) {
            ex.bytes(200, "text/plain; charset=utf-8", "OK".getBytes(), headers);
        } else {
            ex.empty(200, headers);
        }
    }

    private static void events(Exchange ex, Engine engine) throws Exception {
        EventQuery q = new EventQuery(Times.parse("since", ex.query("since")), Times.parse("until", ex.query("until")),
                Json.decodeFilters(ex.query("filters")));
        q.filters().requireOnly("type", "event", "action", "container", "image", "label", "network", "volume",
                "daemon", "scope");
        try (EngineStream<Event> events = engine.events(q)) {
            ex.onClose(events::close);
            OutputStream out = ex.stream(200, "application/json", Map.of());
            Optional<Event> e;
            while ((e = events.next()).isPresent()) {
                out.write(Json.api().writeValueAsBytes(e.get()));
                out.write('\n');
            }
            out.close();
        }
    }
}
