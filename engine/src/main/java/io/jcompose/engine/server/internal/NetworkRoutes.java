package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /networks/...} and {@code /volumes/...}: thin mappings onto the engine. */
final class NetworkRoutes {
    private NetworkRoutes() {}

    static void register(Router r, Engine engine) {
        r.add("GET", "/networks", (ex, a) -> ex.json(200, engine.listNetworks(Json.decodeFilters(ex.query("filters")))));
        r.add("POST", "/networks/create", (ex, a) -> {
            JsonNode body = ex.jsonBody();
            for (String unsupported : new String[] {"ConfigFrom", "ConfigOnly", "Ingress", "Scope"}) {
                if (!CreateRequestReader.isZero(body.get(unsupported)) && !(unsupported.equals("Scope")
                        && body.get(unsupported).asText().equals("local"))) {
                    throw new EngineException.BadRequest("unsupported field " + unsupported + " in network create");
                }
            }
            ex.json(201, engine.createNetwork(Json.bind(body, NetworkCreate.class)));
        });
        r.add("POST", "/networks/prune", (ex, a) -> prune(ex, "NetworksDeleted",
                engine.pruneNetworks(Json.decodeFilters(ex.query("filters")))));
        r.add("GET", "/networks/([^/]+)", (ex, a) -> ex.json(200, engine.inspectNetwork(a.get(0))));
        r.add("DELETE", "/networks/([^/]+)", (ex, a) -> {
            engine.removeNetwork(a.get(0));
            ex.empty(204);
        });
        r.add("POST", "/networks/([^/]+)/connect", (ex, a) -> {
            JsonNode body = ex.jsonBody();
            JsonNode ep = body.get("EndpointConfig");
            engine.connectNetwork(a.get(0), body.path("Container").asText(""), ep == null || ep.isNull()
                    ? EndpointSettings.withAliases(java.util.List.of()) : Json.bind(ep, EndpointSettings.class));
            ex.empty(200);
        });
        r.add("POST", "/networks/([^/]+)/disconnect", (ex, a) -> {
            JsonNode body = ex.jsonBody();
            engine.disconnectNetwork(a.get(0), body.path("Container").asText(""), body.path("Force").asBoolean());
            ex.empty(200);
        });

        r.add("GET", "/volumes", (ex, a) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Volumes", engine.listVolumes(Json.decodeFilters(ex.query("filters"))));
            body.put("Warnings", java.util.List.of());
            ex.json(200, body);
        });
        r.add("POST", "/volumes/create", (ex, a) -> ex.json(201, engine.createVolume(Json.bind(ex.jsonBody(),
                io.jcompose.engine.api.VolumeCreate.class))));
        r.add("POST", "/volumes/prune", (ex, a) -> prune(ex, "VolumesDeleted",
                engine.pruneVolumes(Json.decodeFilters(ex.query("filters")))));
        r.add("GET", "/volumes/([^/]+)", (ex, a) -> ex.json(200, engine.inspectVolume(a.get(0))));
        r.add("DELETE", "/volumes/([^/]+)", (ex, a) -> {
            engine.removeVolume(a.get(0), ex.flag("force"));
            ex.empty(204);
        });
    }

    private static void prune(Exchange ex, String key, PruneReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, report.deleted());
        body.put("SpaceReclaimed", report.spaceReclaimed());
        ex.json(200, body);
    }
}
