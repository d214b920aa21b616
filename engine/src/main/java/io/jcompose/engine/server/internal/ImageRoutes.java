package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.ContainerCommit;
import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.ImageDeleteEntry;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code /images/...} route. Image names may contain slashes, so they are matched greedily. */
final class ImageRoutes {
    private ImageRoutes() {}

    static void register(Router r, Engine engine) {
        r.add("GET", "/images/json", (ex, a) -> {
            Filters f = Json.decodeFilters(ex.query("filters"));
            f.requireOnly("reference", "label", "dangling", "before", "since", "until");
            ex.json(200, engine.listImages(ex.flag("all"), f));
        });
        r.add("POST", "/images/load", (ex, a) -> {
            List<String> lines = engine.loadImages(ex.body());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : lines) {
                out.write(Json.api().writeValueAsBytes(Map.of("stream", line + "\n")));
                out.write('\n');
            }
            ex.bytes(200, "application/json", out.toByteArray(), Map.of());
        });
        r.add("GET", "/images/get", (ex, a) -> save(ex, engine, ex.queryAll("names")));
        r.add("POST", "/images/prune", (ex, a) -> {
            PruneReport report = engine.pruneImages(Json.decodeFilters(ex.query("filters")));
            List<ImageDeleteEntry> items = new ArrayList<>();
            report.deleted().forEach(id -> items.add(ImageDeleteEntry.deleted(id)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ImagesDeleted", items);
            body.put("SpaceReclaimed", report.spaceReclaimed());
            ex.json(200, body);
        });
        r.add("POST", "/images/create", (ex, a) -> {
            throw new EngineException(501, "pulling images is not supported by the jcompose engine yet:"
                    + " load the image with docker load -i");
        });
        r.add("POST", "/build", (ex, a) -> {
            throw new EngineException(501, "building images is not supported by the jcompose engine yet");
        });
        r.add("POST", "/commit", (ex, a) -> ex.json(201, Map.of("Id", engine.commitContainer(commit(ex)))));
        r.add("GET", "/images/search", (ex, a) -> {
            throw new EngineException(501, "searching a registry is not supported by the jcompose engine yet");
        });
        r.add("GET", "/images/(.+)/json", (ex, a) -> ex.json(200, engine.inspectImage(a.get(0))));
        r.add("GET", "/images/(.+)/history", (ex, a) -> ex.json(200, engine.imageHistory(a.get(0))));
        r.add("GET", "/images/(.+)/get", (ex, a) -> save(ex, engine, List.of(a.get(0))));
        r.add("POST", "/images/(.+)/tag", (ex, a) -> {
            if (ex.query("repo").isEmpty()) {
                throw new EngineException.BadRequest("repository name (repo) must have at least one component");
            }
            engine.tagImage(a.get(0), ex.query("repo"), ex.query("tag"));
            ex.empty(201);
        });
        r.add("POST", "/images/(.+)/push", (ex, a) -> {
            throw new EngineException(501, "pushing images is not supported by the jcompose engine yet");
        });
        r.add("DELETE", "/images/(.+)", (ex, a) -> ex.json(200, engine.removeImage(a.get(0), ex.flag("force"),
                ex.flag("noprune"))));
    }

    /** The query parameters and the optional config body of {@code POST /commit}; pause defaults to true. */
    private static ContainerCommit commit(Exchange ex) {
        JsonNode body = ex.jsonBody();
        Optional<ContainerConfig> config = body.isObject() && body.size() > 0
                ? Optional.of(Json.bind(body, ContainerConfig.class)) : Optional.empty();
        // docker-java 3.5 sends the message as "m", which Docker ignores; here it counts when "comment" is absent
        String comment = ex.query("comment").isEmpty() ? ex.query("m") : ex.query("comment");
        return new ContainerCommit(ex.query("container"), ex.query("repo"), ex.query("tag"), comment,
                ex.query("author"), !ex.hasQuery("pause") || ex.query("pause").isEmpty() || ex.flag("pause"),
                ex.queryAll("changes"), config);
    }

    private static void save(Exchange ex, Engine engine, List<String> names) throws Exception {
        if (names.isEmpty()) {
            throw new EngineException.BadRequest("no image names given");
        }
        names.forEach(engine::inspectImage);
        OutputStream out = ex.stream(200, "application/x-tar", Map.of());
        engine.saveImages(names, out);
        out.close();
    }
}
