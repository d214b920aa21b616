package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.ContainerUpdate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.RestartPolicy;
import io.jcompose.engine.api.json.Json;
import java.util.Set;

/**
 * Reads a {@code POST /containers/{id}/update} body: like a create body, a non-zero key the engine does not
 * model ({@code BlkioWeight}, {@code Ulimits}, ...) is a 400 naming it.
 */
final class UpdateRequestReader {
    private UpdateRequestReader() {}

    static ContainerUpdate read(JsonNode body) {
        if (!body.isObject()) {
            throw new EngineException.BadRequest("container update: the body must be a JSON object");
        }
        CreateRequestReader.check(body, ContainerUpdate.class, "", Set.of());
        CreateRequestReader.checkObjects(body.get("RestartPolicy"), RestartPolicy.class, "RestartPolicy.");
        return Json.bind(body, ContainerUpdate.class);
    }
}
