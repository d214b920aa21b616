package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.CreatedId;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.ExecCreate;
import io.jcompose.engine.api.ExecInspect;
import io.jcompose.engine.api.json.Json;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** {@code POST /containers/{id}/exec} and {@code /exec/...}. */
final class ExecRoutes {
    private ExecRoutes() {}

    static void register(Router r, Engine engine, ExecutorService pumps) {
        r.add("POST", "/containers/([^/]+)/exec", (ex, a) -> {
            JsonNode body = ex.jsonBody();
            if (!CreateRequestReader.isZero(body.get("DetachKeys"))) {
                throw new EngineException.BadRequest("unsupported field DetachKeys in exec create");
            }
            ExecCreate request = Json.bind(body, ExecCreate.class);
            ex.json(201, new CreatedId(engine.createExec(a.get(0), request), List.of()));
        });
        r.add("POST", "/exec/([^/]+)/start", (ex, a) -> {
            JsonNode body = ex.jsonBody();
            String id = a.get(0);
            if (body.path("Detach").asBoolean(false)) {
                engine.startExecDetached(id);
                ex.empty(200);
                return;
            }
            ExecInspect exec = engine.inspectExec(id);
            boolean tty = body.has("Tty") ? body.get("Tty").asBoolean() : exec.processConfig().tty();
            Attachment attachment = engine.startExec(id, tty);
            Hijacking.run(ex, attachment, exec.openStdin(), pumps, e -> true);
        });
        r.add("GET", "/exec/([^/]+)/json", (ex, a) -> ex.json(200, engine.inspectExec(a.get(0))));
        r.add("POST", "/exec/([^/]+)/resize", (ex, a) -> {
            engine.resizeExecTty(a.get(0), ex.intQuery("h", 0), ex.intQuery("w", 0));
            ex.empty(200);
        });
    }
}
