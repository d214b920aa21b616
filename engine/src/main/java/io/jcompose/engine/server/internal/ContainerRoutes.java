package io.jcompose.engine.server.internal;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerStats;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.LogQuery;
import io.jcompose.engine.api.PathStat;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.engine.api.json.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/** Every {@code /containers/...} route. */
final class ContainerRoutes {
    private static final String ID = "/containers/([^/]+)";

    private ContainerRoutes() {}

    static void register(Router r, Engine engine, ExecutorService pumps) {
        r.add("POST", "/containers/create", (ex, a) -> create(ex, engine));
        r.add("GET", "/containers/json", (ex, a) -> list(ex, engine));
        r.add("POST", "/containers/prune", (ex, a) -> prune(ex, engine));
        r.add("GET", ID + "/json", (ex, a) -> ex.json(200, engine.inspectContainer(a.get(0))));
        r.add("POST", ID + "/start", (ex, a) -> {
            if (!ex.query("checkpoint").isEmpty()) {
                throw new EngineException.BadRequest("unsupported parameter checkpoint");
            }
            engine.startContainer(a.get(0));
            ex.empty(204);
        });
        r.add("POST", ID + "/stop", (ex, a) -> {
            engine.stopContainer(a.get(0), timeout(ex), signal(ex));
            ex.empty(204);
        });
        r.add("POST", ID + "/restart", (ex, a) -> {
            engine.restartContainer(a.get(0), timeout(ex), signal(ex));
            ex.empty(204);
        });
        r.add("POST", ID + "/kill", (ex, a) -> {
            engine.killContainer(a.get(0), ex.query("signal").isEmpty() ? "KILL" : ex.query("signal"));
            ex.empty(204);
        });
        r.add("POST", ID + "/pause", (ex, a) -> {
            engine.pauseContainer(a.get(0));
            ex.empty(204);
        });
        r.add("POST", ID + "/unpause", (ex, a) -> {
            engine.unpauseContainer(a.get(0));
            ex.empty(204);
        });
        r.add("POST", ID + "/wait", (ex, a) -> waitFor(ex, engine, a.get(0)));
        r.add("DELETE", ID, (ex, a) -> {
            if (ex.flag("link")) {
                throw new EngineException.BadRequest("unsupported parameter link: links are not supported");
            }
            engine.removeContainer(a.get(0), ex.flag("force"), ex.flag("v"));
            ex.empty(204);
        });
        r.add("POST", ID + "/rename", (ex, a) -> {
            if (ex.query("name").isEmpty()) {
                throw new EngineException.BadRequest("name is required");
            }
            engine.renameContainer(a.get(0), ex.query("name").replaceFirst("^/", ""));
            ex.empty(204);
        });
        r.add("GET", ID + "/logs", (ex, a) -> logs(ex, engine, a.get(0)));
        r.add("POST", ID + "/attach", (ex, a) -> attach(ex, engine, a.get(0), pumps));
        r.add("POST", ID + "/resize", (ex, a) -> {
            engine.resizeContainerTty(a.get(0), ex.intQuery("h", 0), ex.intQuery("w", 0));
            ex.empty(200);
        });
        r.add("POST", ID + "/update", (ex, a) -> ex.json(200,
                Map.of("Warnings", engine.updateContainer(a.get(0), UpdateRequestReader.read(ex.jsonBody())))));
        r.add("GET", ID + "/changes", (ex, a) -> ex.json(200, engine.containerChanges(a.get(0))));
        r.add("GET", ID + "/export", (ex, a) -> {
            engine.inspectContainer(a.get(0));
            OutputStream out = ex.stream(200, "application/x-tar", Map.of());
            engine.exportContainer(a.get(0), out);
            out.close();
        });
        r.add("GET", ID + "/top", (ex, a) -> ex.json(200, engine.top(a.get(0), ex.query("ps_args"))));
        r.add("GET", ID + "/stats", (ex, a) -> stats(ex, engine, a.get(0)));
        r.add("HEAD", ID + "/archive", (ex, a) -> ex.empty(200, statHeader(engine.statPath(a.get(0), path(ex)))));
        r.add("GET", ID + "/archive", (ex, a) -> {
            PathStat stat = engine.statPath(a.get(0), path(ex));
            OutputStream out = ex.stream(200, "application/x-tar", statHeader(stat));
            engine.copyFrom(a.get(0), path(ex), out);
            out.close();
        });
        r.add("PUT", ID + "/archive", (ex, a) -> {
            String path = path(ex);
            Optional<InputStream> tar = TarBody.of(ex.body());
            if (tar.isPresent()) {
                engine.copyTo(a.get(0), path, tar.get(), ex.flag("noOverwriteDirNonDir"));
            } else {
                engine.inspectContainer(a.get(0));
            }
            ex.empty(200);
        });
    }

    private static String path(Exchange ex) {
        String p = ex.query("path");
        if (p.isEmpty()) {
            throw new EngineException.BadRequest("path is required");
        }
        return p;
    }

    private static Map<String, String> statHeader(PathStat stat) throws Exception {
        return Map.of("X-Docker-Container-Path-Stat",
                Base64.getEncoder().encodeToString(Json.api().writeValueAsBytes(stat)));
    }

    private static Optional<Duration> timeout(Exchange ex) {
        String t = ex.query("t");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        int secs = ex.intQuery("t", 10);
        return Optional.of(secs < 0 ? Duration.ofDays(365) : Duration.ofSeconds(secs));
    }

    private static Optional<String> signal(Exchange ex) {
        return ex.query("signal").isEmpty() ? Optional.empty() : Optional.of(ex.query("signal"));
    }

    private static void create(Exchange ex, Engine engine) {
        String platform = ex.query("platform");
        if (!platform.isEmpty() && !platform.equals("linux") && !platform.startsWith("linux/amd64")) {
            throw new EngineException.BadRequest("unsupported platform \"" + platform + "\": this engine runs linux/amd64");
        }
        ContainerCreate request = CreateRequestReader.read(ex.jsonBody());
        String name = ex.query("name");
        ex.json(201, engine.createContainer(name.isEmpty() ? Optional.empty() : Optional.of(name), request));
    }

    private static void list(Exchange ex, Engine engine) {
        ContainerListQuery q = new ContainerListQuery(ex.flag("all"), ex.intQuery("limit", 0),
                Json.decodeFilters(ex.query("filters")), ex.flag("size"));
        q.filters().requireOnly("id", "name", "label", "status", "ancestor", "before", "since", "exited", "health",
                "network", "volume", "is-task", "expose", "publish");
        ex.json(200, engine.listContainers(q));
    }

    private static void prune(Exchange ex, Engine engine) {
        PruneReport report = engine.pruneContainers(Json.decodeFilters(ex.query("filters")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ContainersDeleted", report.deleted());
        body.put("SpaceReclaimed", report.spaceReclaimed());
        ex.json(200, body);
    }

    private static void waitFor(Exchange ex, Engine engine, String id) throws Exception {
        CompletableFuture<WaitResult> result = engine.waitContainer(id, WaitCondition.parse(ex.query("condition")));
        ex.onClose(() -> result.cancel(false));
        // headers first: the docker CLI waits for them before it starts the container
        OutputStream out = ex.stream(200, "application/json", Map.of());
        WaitResult r;
        try {
            r = result.get();
        } catch (ExecutionException e) {
            r = new WaitResult(-1, Optional.of(new WaitResult.WaitError(e.getCause().getMessage())));
        } catch (java.util.concurrent.CancellationException e) {
            return;
        }
        // one write: the CLI hangs up as soon as it has the result
        out.write((Json.api().writeValueAsString(r) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.close();
    }

    private static void logs(Exchange ex, Engine engine, String id) throws Exception {
        boolean tty = engine.inspectContainer(id).config().tty();
        String tail = ex.query("tail");
        Optional<Integer> lines = Optional.empty();
        if (!tail.isEmpty() && !tail.equals("all")) {
            lines = Optional.of(ex.intQuery("tail", 0));
        }
        boolean stdout = ex.flag("stdout");
        boolean stderr = ex.flag("stderr");
        if (!stdout && !stderr) {
            throw new EngineException.BadRequest("Bad parameters: you must choose at least one stream");
        }
        LogQuery q = new LogQuery(ex.flag("follow"), stdout, stderr, Times.parse("since", ex.query("since")),
                Times.parse("until", ex.query("until")), ex.flag("timestamps"), lines);
        try (EngineStream<LogEntry> logs = engine.logs(id, q)) {
            ex.onClose(logs::close);
            OutputStream out = ex.stream(200, tty ? FrameWriter.RAW : FrameWriter.MULTIPLEXED, Map.of());
            FrameWriter frames = new FrameWriter(out, !tty, q.timestamps());
            Optional<LogEntry> e;
            while ((e = logs.next()).isPresent()) {
                frames.write(e.get());
            }
            out.close();
        }
    }

    private static void attach(Exchange ex, Engine engine, String id, ExecutorService pumps) throws Exception {
        if (!ex.query("detachKeys").isEmpty()) {
            throw new EngineException.BadRequest("unsupported parameter detachKeys");
        }
        boolean stdin = ex.flag("stdin");
        Attachment attachment = engine.attachContainer(id, stdin, ex.flag("logs"), ex.flag("stream"));
        boolean wantOut = ex.flag("stdout");
        boolean wantErr = ex.flag("stderr");
        Hijacking.run(ex, attachment, stdin, pumps, e -> switch (e.stream()) {
            case STDOUT -> wantOut;
            case STDERR -> wantErr;
            default -> false;
        });
    }

    private static void stats(Exchange ex, Engine engine, String id) throws Exception {
        boolean stream = !ex.hasQuery("stream") || ex.flag("stream");
        boolean oneShot = !stream && ex.hasQuery("one-shot") && ex.flag("one-shot");
        // like Docker, stream=false answers with the second sample, a second after the first, so that
        // precpu_stats is filled and `docker stats --no-stream` shows a CPU %; one-shot=true answers at once
        try (EngineStream<ContainerStats> stats = engine.stats(id, stream || !oneShot)) {
            ex.onClose(stats::close);
            if (!stream) {
                ContainerStats first = stats.next().orElseThrow(() -> new EngineException(500, "no stats for " + id));
                ex.json(200, oneShot ? first : stats.next().orElse(first));
                return;
            }
            OutputStream out = ex.stream(200, "application/json", Map.of());
            Optional<ContainerStats> s;
            while ((s = stats.next()).isPresent()) {
                out.write(Json.api().writeValueAsBytes(s.get()));
                out.write('\n');
            }
            out.close();
        }
    }
}
