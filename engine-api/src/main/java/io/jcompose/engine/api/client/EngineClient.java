package io.jcompose.engine.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.ContainerChange;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerInspect;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerStats;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.ContainerUpdate;
import io.jcompose.engine.api.CreatedId;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.Engine;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.Event;
import io.jcompose.engine.api.EventQuery;
import io.jcompose.engine.api.ExecCreate;
import io.jcompose.engine.api.ExecInspect;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.ImageDeleteEntry;
import io.jcompose.engine.api.ImageHistoryEntry;
import io.jcompose.engine.api.ImageInspect;
import io.jcompose.engine.api.ImageSummary;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.LogQuery;
import io.jcompose.engine.api.Network;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.PathStat;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.TopResult;
import io.jcompose.engine.api.Volume;
import io.jcompose.engine.api.VolumeCreate;
import io.jcompose.engine.api.VersionInfo;
import io.jcompose.engine.api.SystemInfo;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.engine.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Engine} over HTTP/1.1 on a unix domain socket: the jcompose engine or any Docker daemon
 * ({@code DOCKER_HOST=unix:///var/run/docker.sock}). One connection per call; streaming calls (logs, events,
 * stats) keep theirs until the stream is closed; attach and exec start hijack theirs.
 */
public final class EngineClient implements Engine {
    /** The API version this client speaks. */
    public static final String API_VERSION = "1.44";

    private static final ObjectMapper JSON = Json.api();
    private final Path socket;
    private final String prefix;

    private EngineClient(Path socket, String apiVersion) {
        this.socket = socket;
        this.prefix = "/v" + apiVersion;
    }

    /** A client of the engine listening on {@code socket}. */
    public static EngineClient of(Path socket) {
        return new EngineClient(socket, API_VERSION);
    }

    /**
     * A client of {@code DOCKER_HOST} when it is set ({@code unix://} only), otherwise of {@code defaultSocket}.
     */
    public static EngineClient fromEnvironment(Path defaultSocket) {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? of(defaultSocket) : of(parseHost(host));
    }

    /** Parses {@code unix:///path} (or a bare path); other schemes are refused with a clear message. */
    public static Path parseHost(String host) {
        if (host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (host.startsWith("/")) {
            return Path.of(host);
        }
        throw new IllegalArgumentException("unsupported engine host \"" + host + "\": only unix:// sockets are supported");
    }

    /** The socket this client talks to. */
    public Path socket() {
        return socket;
    }

    // ---------------------------------------------------------------- plumbing

    private UnixHttpConnection open() {
        try {
            return UnixHttpConnection.open(socket);
        } catch (IOException e) {
            throw new EngineException(503, "cannot connect to the engine at unix://" + socket + ": " + e.getMessage(), e);
        }
    }

    private UnixHttpConnection.Response send(UnixHttpConnection c, String method, String path, Object body,
                                            Map<String, String> extra) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        byte[] bytes = null;
        if (body instanceof InputStream) {
            headers.put("Transfer-Encoding", "chunked");
        } else if (body != null) {
            bytes = body instanceof JsonNode ? JSON.writeValueAsBytes(body) : JSON.writeValueAsBytes(body);
            headers.putIfAbsent("Content-Type", "application/json");
            headers.put("Content-Length", String.valueOf(bytes.length));
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            headers.put("Content-Length", "0");
        }
        headers.putIfAbsent("Connection", "close");
        c.sendHead(method, prefix + path, headers);
        if (body instanceof InputStream in) {
            ChunkedOutputStream chunked = new ChunkedOutputStream(c.out());
            in.transferTo(chunked);
            chunked.finish();
        } else if (bytes != null) {
            c.out().write(bytes);
        }
        UnixHttpConnection.Response r = c.readResponse(method.equals("HEAD"));
        if (r.status() >= 400 || r.status() == 304) {
            throw error(r);
        }
        return r;
    }

    private static EngineException error(UnixHttpConnection.Response r) throws IOException {
        String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8).trim();
        String message = text;
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException notJson) {
            // a plain-text error body: keep it as it is
        }
        if (message.isEmpty()) {
            message = "engine answered HTTP " + r.status();
        }
        return EngineException.of(r.status(), message);
    }

    /** One call: sends, reads the whole body, closes. */
    private byte[] call(String method, String path, Object body) {
        try (UnixHttpConnection c = open()) {
            return send(c, method, path, body, Map.of()).body().readAllBytes();
        } catch (IOException e) {
            throw new EngineException(500, method + " " + path + ": " + e.getMessage(), e);
        }
    }

    private <T> T get(String path, Class<T> type) {
        return read(call("GET", path, null), type);
    }

    private <T> T get(String path, TypeReference<T> type) {
        try {
            return JSON.readValue(call("GET", path, null), type);
        } catch (IOException e) {
            throw new EngineException(500, "unexpected answer to GET " + path + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new EngineException(500, "unexpected answer from the engine: " + e.getMessage(), e);
        }
    }

    /** Opens a call whose body the caller reads as a stream. */
    private <T> EngineStream<T> stream(String path, Function<UnixHttpConnection.Response, ConnectionStream.Reader<T>> f) {
        UnixHttpConnection c = open();
        try {
            UnixHttpConnection.Response r = send(c, "GET", path, null, Map.of());
            return new ConnectionStream<>(c, f.apply(r));
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new EngineException(500, "GET " + path + ": " + e.getMessage(), e);
        }
    }

    private interface Function<A, B> {
        B apply(A a) throws IOException;
    }

    /** JSON values one after another; the parser is made on the first read, as it reads ahead to sniff. */
    private static <T> ConnectionStream.Reader<T> jsonValues(InputStream in, Class<T> type) {
        List<MappingIterator<T>> holder = new ArrayList<>(1);
        return () -> {
            try {
                if (holder.isEmpty()) {
                    holder.add(JSON.readerFor(type).readValues(in));
                }
                MappingIterator<T> it = holder.get(0);
                return it.hasNextValue() ? Optional.of(it.nextValue()) : Optional.empty();
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    private Attachment hijack(String path, Object body, boolean tty) {
        UnixHttpConnection c = open();
        try {
            send(c, "POST", path, body, Map.of("Connection", "Upgrade", "Upgrade", "tcp"));
            return new ClientAttachment(c, tty);
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new EngineException(500, "POST " + path + ": " + e.getMessage(), e);
        }
    }

    private static String seg(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- system

    @Override
    public String ping() {
        try (UnixHttpConnection c = open()) {
            UnixHttpConnection.Response r = send(c, "GET", "/_ping", null, Map.of());
            r.body().readAllBytes();
            return r.header("Api-Version");
        } catch (IOException e) {
            throw new EngineException(503, "ping: " + e.getMessage(), e);
        }
    }

    @Override
    public VersionInfo version() {
        return get("/version", VersionInfo.class);
    }

    @Override
    public SystemInfo info() {
        return get("/info", SystemInfo.class);
    }

    @Override
    public EngineStream<Event> events(EventQuery query) {
        Query q = Query.of();
        query.since().ifPresent(t -> q.add("since", t.getEpochSecond() + "." + String.format("%09d", t.getNano())));
        query.until().ifPresent(t -> q.add("until", t.getEpochSecond() + "." + String.format("%09d", t.getNano())));
        if (!query.filters().isEmpty()) {
            q.add("filters", Json.encode(query.filters()));
        }
        return stream("/events" + q, r -> jsonValues(r.body(), Event.class));
    }

    // ---------------------------------------------------------------- containers

    @Override
    public CreatedId createContainer(Optional<String> name, ContainerCreate request) {
        Query q = Query.of();
        name.filter(n -> !n.isEmpty()).ifPresent(n -> q.add("name", n));
        return read(call("POST", "/containers/create" + q, Json.toWire(request)), CreatedId.class);
    }

    @Override
    public List<ContainerSummary> listContainers(ContainerListQuery query) {
        Query q = Query.of().flag("all", query.all()).flag("size", query.size());
        if (query.limit() > 0) {
            q.add("limit", query.limit());
        }
        if (!query.filters().isEmpty()) {
            q.add("filters", Json.encode(query.filters()));
        }
        return get("/containers/json" + q, new TypeReference<List<ContainerSummary>>() {});
    }

    @Override
    public ContainerInspect inspectContainer(String id) {
        return get("/containers/" + seg(id) + "/json", ContainerInspect.class);
    }

    @Override
    public void startContainer(String id) {
        call("POST", "/containers/" + seg(id) + "/start", null);
    }

    private static Query stopQuery(Optional<Duration> timeout, Optional<String> signal) {
        Query q = Query.of();
        timeout.ifPresent(t -> q.add("t", t.toSeconds()));
        signal.ifPresent(s -> q.add("signal", s));
        return q;
    }

    @Override
    public void stopContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        call("POST", "/containers/" + seg(id) + "/stop" + stopQuery(timeout, signal), null);
    }

    @Override
    public void restartContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        call("POST", "/containers/" + seg(id) + "/restart" + stopQuery(timeout, signal), null);
    }

    @Override
    public void killContainer(String id, String signal) {
        call("POST", "/containers/" + seg(id) + "/kill" + Query.of().add("signal", signal), null);
    }

    @Override
    public void pauseContainer(String id) {
        call("POST", "/containers/" + seg(id) + "/pause", null);
    }

    @Override
    public void unpauseContainer(String id) {
        call("POST", "/containers/" + seg(id) + "/unpause", null);
    }

    @Override
    public CompletableFuture<WaitResult> waitContainer(String id, WaitCondition condition) {
        String path = "/containers/" + seg(id) + "/wait" + Query.of().add("condition", condition.wire());
        UnixHttpConnection c = open();
        UnixHttpConnection.Response r;
        try {
            r = send(c, "POST", path, null, Map.of());
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new EngineException(500, "POST " + path + ": " + e.getMessage(), e);
        }
        CompletableFuture<WaitResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (c) {
                result.complete(read(r.body().readAllBytes(), WaitResult.class));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new EngineException(500, "waiting for " + id + ": " + e.getMessage(), e));
            }
        }, "engine-wait-" + id);
        t.setDaemon(true);
        t.start();
        return result;
    }

    @Override
    public void removeContainer(String id, boolean force, boolean volumes) {
        call("DELETE", "/containers/" + seg(id) + Query.of().flag("force", force).flag("v", volumes), null);
    }

    @Override
    public void renameContainer(String id, String newName) {
        call("POST", "/containers/" + seg(id) + "/rename" + Query.of().add("name", newName), null);
    }

    @Override
    public EngineStream<LogEntry> logs(String id, LogQuery query) {
        Query q = Query.of().flag("follow", query.follow()).flag("stdout", query.stdout())
                .flag("stderr", query.stderr()).flag("timestamps", query.timestamps());
        query.since().ifPresent(t -> q.add("since", t.getEpochSecond() + "." + String.format("%09d", t.getNano())));
        query.until().ifPresent(t -> q.add("until", t.getEpochSecond() + "." + String.format("%09d", t.getNano())));
        q.add("tail", query.tail().map(String::valueOf).orElse("all"));
        return stream("/containers/" + seg(id) + "/logs" + q, r -> {
            FrameReader frames = new FrameReader(r.body(), r.header("Content-Type").contains("multiplexed"));
            return frames::next;
        });
    }

    @Override
    public Attachment attachContainer(String id, boolean stdin, boolean logs, boolean stream) {
        boolean tty = inspectContainer(id).config().tty();
        Query q = Query.of().flag("stdin", stdin).add("stdout", 1).add("stderr", 1).flag("logs", logs)
                .flag("stream", stream);
        return hijack("/containers/" + seg(id) + "/attach" + q, null, tty);
    }

    @Override
    public void resizeContainerTty(String id, int height, int width) {
        call("POST", "/containers/" + seg(id) + "/resize" + Query.of().add("h", height).add("w", width), null);
    }

    @Override
    public TopResult top(String id, String psArgs) {
        Query q = Query.of();
        if (!psArgs.isEmpty()) {
            q.add("ps_args", psArgs);
        }
        return get("/containers/" + seg(id) + "/top" + q, TopResult.class);
    }

    @Override
    public EngineStream<ContainerStats> stats(String id, boolean stream) {
        return stream("/containers/" + seg(id) + "/stats" + Query.of().add("stream", stream ? "1" : "0"),
                r -> jsonValues(r.body(), ContainerStats.class));
    }

    private static PathStat pathStat(UnixHttpConnection.Response r) throws IOException {
        String header = r.header("X-Docker-Container-Path-Stat");
        if (header.isEmpty()) {
            throw new IOException("no X-Docker-Container-Path-Stat header");
        }
        return JSON.readValue(Base64.getDecoder().decode(header), PathStat.class);
    }

    @Override
    public PathStat statPath(String id, String path) {
        try (UnixHttpConnection c = open()) {
            return pathStat(send(c, "HEAD", "/containers/" + seg(id) + "/archive" + Query.of().add("path", path),
                    null, Map.of()));
        } catch (IOException e) {
            throw new EngineException(500, "stat " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PathStat copyFrom(String id, String path, OutputStream tar) {
        try (UnixHttpConnection c = open()) {
            UnixHttpConnection.Response r = send(c, "GET", "/containers/" + seg(id) + "/archive"
                    + Query.of().add("path", path), null, Map.of());
            PathStat stat = pathStat(r);
            r.body().transferTo(tar);
            return stat;
        } catch (IOException e) {
            throw new EngineException(500, "copy from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void copyTo(String id, String path, InputStream tar, boolean noOverwriteDirNonDir) {
        try (UnixHttpConnection c = open()) {
            send(c, "PUT", "/containers/" + seg(id) + "/archive" + Query.of().add("path", path)
                    .flag("noOverwriteDirNonDir", noOverwriteDirNonDir), tar,
                    Map.of("Content-Type", "application/x-tar")).body().readAllBytes();
        } catch (IOException e) {
            throw new EngineException(500, "copy to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> updateContainer(String id, ContainerUpdate update) {
        JsonNode n = read(call("POST", "/containers/" + seg(id) + "/update", update), JsonNode.class);
        List<String> warnings = new ArrayList<>();
        n.path("Warnings").forEach(w -> warnings.add(w.asText()));
        return warnings;
    }

    @Override
    public void exportContainer(String id, OutputStream tar) {
        try (UnixHttpConnection c = open()) {
            send(c, "GET", "/containers/" + seg(id) + "/export", null, Map.of()).body().transferTo(tar);
        } catch (IOException e) {
            throw new EngineException(500, "export of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ContainerChange> containerChanges(String id) {
        List<ContainerChange> changes = get("/containers/" + seg(id) + "/changes", new TypeReference<>() {});
        // Docker answers null when nothing changed
        return changes == null ? List.of() : changes;
    }

    @Override
    public PruneReport pruneContainers(Filters filters) {
        JsonNode n = read(call("POST", "/containers/prune" + filterQuery(filters), null), JsonNode.class);
        return prune(n, "ContainersDeleted");
    }

    private static Query filterQuery(Filters filters) {
        return filters.isEmpty() ? Query.of() : Query.of().add("filters", Json.encode(filters));
    }

    private static PruneReport prune(JsonNode n, String key) {
        List<String> ids = new ArrayList<>();
        JsonNode list = n.path(key);
        list.forEach(x -> ids.add(x.isObject() ? x.path("Deleted").asText(x.path("Untagged").asText()) : x.asText()));
        return new PruneReport(ids, n.path("SpaceReclaimed").asLong());
    }

    // ---------------------------------------------------------------- exec

    @Override
    public String createExec(String containerId, ExecCreate request) {
        return read(call("POST", "/containers/" + seg(containerId) + "/exec", request), CreatedId.class).id();
    }

    @Override
    public void startExecDetached(String execId) {
        call("POST", "/exec/" + seg(execId) + "/start", Map.of("Detach", true, "Tty", false));
    }

    @Override
    public Attachment startExec(String execId, boolean tty) {
        return hijack("/exec/" + seg(execId) + "/start", Map.of("Detach", false, "Tty", tty), tty);
    }

    @Override
    public ExecInspect inspectExec(String execId) {
        return get("/exec/" + seg(execId) + "/json", ExecInspect.class);
    }

    @Override
    public void resizeExecTty(String execId, int height, int width) {
        call("POST", "/exec/" + seg(execId) + "/resize" + Query.of().add("h", height).add("w", width), null);
    }

    // ---------------------------------------------------------------- images

    @Override
    public List<ImageSummary> listImages(boolean all, Filters filters) {
        Query q = Query.of().flag("all", all);
        if (!filters.isEmpty()) {
            q.add("filters", Json.encode(filters));
        }
        return get("/images/json" + q, new TypeReference<List<ImageSummary>>() {});
    }

    @Override
    public ImageInspect inspectImage(String ref) {
        return get("/images/" + ref + "/json", ImageInspect.class);
    }

    @Override
    public void tagImage(String ref, String repo, String tag) {
        call("POST", "/images/" + ref + "/tag" + Query.of().add("repo", repo).add("tag", tag), null);
    }

    @Override
    public List<ImageDeleteEntry> removeImage(String ref, boolean force, boolean noPrune) {
        byte[] body = call("DELETE", "/images/" + ref + Query.of().flag("force", force).flag("noprune", noPrune), null);
        try {
            return JSON.readValue(body, new TypeReference<List<ImageDeleteEntry>>() {});
        } catch (IOException e) {
            throw new EngineException(500, "unexpected answer to image removal: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> loadImages(InputStream archive) {
        try (UnixHttpConnection c = open()) {
            UnixHttpConnection.Response r = send(c, "POST", "/images/load?quiet=1", archive,
                    Map.of("Content-Type", "application/x-tar"));
            List<String> lines = new ArrayList<>();
            MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(r.body());
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n.hasNonNull("error")) {
                    throw new EngineException(500, n.get("error").asText());
                }
                String s = n.path("stream").asText("").strip();
                if (!s.isEmpty()) {
                    lines.add(s);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new EngineException(500, "image load: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveImages(List<String> refs, OutputStream archive) {
        Query q = Query.of();
        refs.forEach(r -> q.add("names", r));
        try (UnixHttpConnection c = open()) {
            send(c, "GET", "/images/get" + q, null, Map.of()).body().transferTo(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("image save: " + e.getMessage(), e);
        }
    }

    @Override
    public String commitContainer(io.jcompose.engine.api.ContainerCommit request) {
        Query q = Query.of().add("container", request.container()).add("repo", request.repo()).add("tag", request.tag())
                .add("comment", request.comment()).add("author", request.author()).add("pause", request.pause());
        request.changes().forEach(c -> q.add("changes", c));
        JsonNode n = read(call("POST", "/commit" + q, request.config().orElse(null)), JsonNode.class);
        return n.path("Id").asText();
    }

    @Override
    public List<ImageHistoryEntry> imageHistory(String ref) {
        return get("/images/" + ref + "/history", new TypeReference<List<ImageHistoryEntry>>() {});
    }

    @Override
    public PruneReport pruneImages(Filters filters) {
        return prune(read(call("POST", "/images/prune" + filterQuery(filters), null), JsonNode.class), "ImagesDeleted");
    }

    // ---------------------------------------------------------------- networks

    @Override
    public CreatedId createNetwork(NetworkCreate request) {
        return read(call("POST", "/networks/create", request), CreatedId.class);
    }

    @Override
    public List<Network> listNetworks(Filters filters) {
        return get("/networks" + filterQuery(filters), new TypeReference<List<Network>>() {});
    }

    @Override
    public Network inspectNetwork(String id) {
        return get("/networks/" + seg(id), Network.class);
    }

    @Override
    public void removeNetwork(String id) {
        call("DELETE", "/networks/" + seg(id), null);
    }

    @Override
    public void connectNetwork(String network, String container, EndpointSettings endpoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", container);
        body.put("EndpointConfig", endpoint);
        call("POST", "/networks/" + seg(network) + "/connect", body);
    }

    @Override
    public void disconnectNetwork(String network, String container, boolean force) {
        call("POST", "/networks/" + seg(network) + "/disconnect", Map.of("Container", container, "Force", force));
    }

    @Override
    public PruneReport pruneNetworks(Filters filters) {
        return prune(read(call("POST", "/networks/prune" + filterQuery(filters), null), JsonNode.class),
                "NetworksDeleted");
    }

    // ---------------------------------------------------------------- volumes

    @Override
    public Volume createVolume(VolumeCreate request) {
        return read(call("POST", "/volumes/create", request), Volume.class);
    }

    @Override
    public List<Volume> listVolumes(Filters filters) {
        JsonNode n = get("/volumes" + filterQuery(filters), JsonNode.class);
        List<Volume> out = new ArrayList<>();
        n.path("Volumes").forEach(v -> out.add(Json.bind(v, Volume.class)));
        return out;
    }

    @Override
    public Volume inspectVolume(String name) {
        return get("/volumes/" + seg(name), Volume.class);
    }

    @Override
    public void removeVolume(String name, boolean force) {
        call("DELETE", "/volumes/" + seg(name) + Query.of().flag("force", force), null);
    }

    @Override
    public PruneReport pruneVolumes(Filters filters) {
        return prune(read(call("POST", "/volumes/prune" + filterQuery(filters), null), JsonNode.class),
                "VolumesDeleted");
    }
}
