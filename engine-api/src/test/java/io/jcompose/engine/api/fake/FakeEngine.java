package io.jcompose.engine.api.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerInspect;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.ContainerState;
import io.jcompose.engine.api.ContainerStats;
import io.jcompose.engine.api.ContainerSummary;
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
import io.jcompose.engine.api.MountPoint;
import io.jcompose.engine.api.Network;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.NetworkSettings;
import io.jcompose.engine.api.PathStat;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.StreamType;
import io.jcompose.engine.api.SystemInfo;
import io.jcompose.engine.api.TopResult;
import io.jcompose.engine.api.VersionInfo;
import io.jcompose.engine.api.Volume;
import io.jcompose.engine.api.VolumeCreate;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.engine.api.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An in-memory {@link Engine} for tests of code that drives an engine (the orchestrator, the API server).
 * Containers "run" their command: {@code echo ARGS} prints and exits 0, {@code true}/{@code false} exit 0/1,
 * {@code cat} echoes its stdin, anything else runs until stopped, killed or {@link #exit(String, int)}.
 * Exec runs the same built-ins. Restart policies and healthchecks are recorded, not supervised.
 */
public final class FakeEngine implements Engine {
    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private final Map<String, FakeImage> images = new LinkedHashMap<>();
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, FakeExec> execs = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private int nextPid = 1000;

    /** An image as the fake knows it. */
    record FakeImage(String id, List<String> tags, ContainerConfig config, Instant created) {}

    /** An exec as the fake knows it. */
    static final class FakeExec {
        final String id;
        final String containerId;
        final ExecCreate request;
        boolean running;
        Optional<Integer> exitCode = Optional.empty();

        FakeExec(String id, String containerId, ExecCreate request) {
            this.id = id;
            this.containerId = containerId;
            this.request = request;
        }
    }

    public FakeEngine() {
        networks.put("bridge", new Network("bridge", newId(), Instant.now().toString(), "local", "bridge",
                false, null, false, false, Map.of(), Map.of(), Map.of()));
    }

    // ------------------------------------------------------------ test controls

    /** Adds an image tagged {@code ref} whose default config is {@code config}; returns its id. */
    public synchronized String addImage(String ref, ContainerConfig config) {
        String id = "sha256:" + newId();
        images.put(id, new FakeImage(id, new ArrayList<>(List.of(normalize(ref))), config, Instant.now()));
        return id;
    }

    /** Makes a running container exit with {@code code}. */
    public synchronized void exit(String id, int code) {
        FakeContainer c = container(id);
        if (c.running()) {
            exited(c, code);
        }
    }

    /** Appends output to a container's log as if it printed it. */
    public synchronized void print(String id, StreamType stream, String text) {
        container(id).logs.add(LogEntry.of(stream, text));
        notifyAll();
    }

    /** Everything written to a container's stdin so far. */
    public synchronized String stdinOf(String id) {
        return container(id).stdin.toString(StandardCharsets.UTF_8);
    }

    /** Every event so far. */
    public synchronized List<Event> eventLog() {
        return List.copyOf(events);
    }

    // ------------------------------------------------------------ helpers

    private String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String normalize(String ref) {
        String r = ref.startsWith("docker.io/library/") ? ref.substring(18) : ref;
        int slash = r.lastIndexOf('/');
        return r.indexOf(':', slash + 1) < 0 && !r.contains("@") ? r + ":latest" : r;
    }

    private synchronized void emit(String type, String action, String id, Map<String, String> attrs) {
        events.add(Event.of(type, action, id, attrs));
        notifyAll();
    }

    private Map<String, String> attrs(FakeContainer c) {
        Map<String, String> a = new LinkedHashMap<>(c.request.config().labels());
        a.put("image", c.request.config().image());
        a.put("name", c.name);
        return a;
    }

    private synchronized FakeContainer container(String idOrName) {
        String key = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        FakeContainer exact = containers.get(key);
        if (exact != null) {
            return exact;
        }
        for (FakeContainer c : containers.values()) {
            if (c.name.equals(key)) {
                return c;
            }
        }
        List<FakeContainer> prefixed = containers.values().stream().filter(c -> c.id.startsWith(key)).toList();
        if (prefixed.size() == 1 && !key.isEmpty()) {
            return prefixed.get(0);
        }
        throw new EngineException.NotFound("No such container: " + idOrName);
    }

    private synchronized FakeImage image(String ref) {
        FakeImage byId = images.get(ref.startsWith("sha256:") ? ref : "sha256:" + ref);
        if (byId != null) {
            return byId;
        }
        String n = normalize(ref);
        for (FakeImage i : images.values()) {
            if (i.tags().contains(n) || i.id().startsWith("sha256:" + ref) && ref.length() >= 4) {
                return i;
            }
        }
        throw new EngineException.NotFound("No such image: " + ref);
    }

    private List<String> commandOf(FakeContainer c) {
        ContainerConfig cfg = c.request.config();
        FakeImage img = images.get(c.imageId);
        List<String> entry = cfg.entrypoint().orElse(img == null ? List.of() : img.config().entrypoint().orElse(List.of()));
        List<String> cmd = cfg.cmd().orElse(img == null || cfg.entrypoint().isPresent() ? List.of()
                : img.config().cmd().orElse(List.of()));
        List<String> all = new ArrayList<>(entry);
        all.addAll(cmd);
        return all;
    }

    private synchronized void exited(FakeContainer c, int code) {
        c.status = "exited";
        c.exitCode = code;
        c.pid = 0;
        c.finishedAt = Instant.now();
        c.exits++;
        Map<String, String> a = attrs(c);
        a.put("exitCode", String.valueOf(code));
        emit("container", "die", c.id, a);
        if (c.request.hostConfig().autoRemove()) {
            containers.remove(c.id);
            emit("container", "destroy", c.id, attrs(c));
        }
        notifyAll();
    }

    private synchronized <T> T await(BooleanSupplier done, Supplier<T> result) {
        while (!done.getAsBoolean()) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(500, "interrupted");
            }
        }
        return result.get();
    }

    // ------------------------------------------------------------ system

    @Override
    public String ping() {
        return "1.44";
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo(new VersionInfo.Platform("jcompose fake"), List.of(new VersionInfo.Component("Engine",
                "0.1.0", Map.of())), "0.1.0", "1.44", "1.24", "fake", "", "linux", "amd64", "", "");
    }

    @Override
    public synchronized SystemInfo info() {
        int running = (int) containers.values().stream().filter(c -> c.status.equals("running")).count();
        int paused = (int) containers.values().stream().filter(c -> c.status.equals("paused")).count();
        return new SystemInfo("fake", containers.size(), running, paused, containers.size() - running - paused,
                images.size(), "overlay2", true, false, "", "fake", "linux", "x86_64", 1, 0, "fake", "0.1.0",
                "/fake", "cgroupfs", "1", "json-file", List.of(), List.of(), null, null);
    }

    @Override
    public EngineStream<Event> events(EventQuery query) {
        int start;
        synchronized (this) {
            start = query.since().isEmpty() ? events.size() : 0;
        }
        int[] pos = {start};
        boolean[] closed = {false};
        return new EngineStream<>() {
            @Override
            public Optional<Event> next() {
                synchronized (FakeEngine.this) {
                    while (true) {
                        while (pos[0] < events.size()) {
                            Event e = events.get(pos[0]++);
                            Instant t = Instant.ofEpochSecond(0, e.timeNano());
                            if (query.since().isPresent() && t.isBefore(query.since().get())) {
                                continue;
                            }
                            if (query.until().isPresent() && t.isAfter(query.until().get())) {
                                return Optional.empty();
                            }
                            if (query.matches(e)) {
                                return Optional.of(e);
                            }
                        }
                        if (closed[0] || query.until().isPresent() && Instant.now().isAfter(query.until().get())) {
                            return Optional.empty();
                        }
                        try {
                            FakeEngine.this.wait(100);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return Optional.empty();
                        }
                    }
                }
            }

            @Override
            public void close() {
                synchronized (FakeEngine.this) {
                    closed[0] = true;
                    FakeEngine.this.notifyAll();
                }
            }
        };
    }

    // ------------------------------------------------------------ containers

    @Override
    public synchronized CreatedId createContainer(Optional<String> name, ContainerCreate request) {
        FakeImage img = image(request.config().image());
        String n = name.filter(s -> !s.isEmpty()).map(s -> s.startsWith("/") ? s.substring(1) : s)
                .orElse("fake_" + containers.size());
        if (containers.values().stream().anyMatch(c -> c.name.equals(n))) {
            throw new EngineException.Conflict("Conflict. The container name \"/" + n + "\" is already in use");
        }
        String id = newId();
        containers.put(id, new FakeContainer(id, n, request, img.id()));
        emit("container", "create", id, attrs(containers.get(id)));
        return new CreatedId(id, List.of());
    }

    @Override
    public synchronized List<ContainerSummary> listContainers(ContainerListQuery query) {
        Filters f = query.filters();
        List<ContainerSummary> out = new ArrayList<>();
        List<FakeContainer> all = new ArrayList<>(containers.values());
        java.util.Collections.reverse(all);
        for (FakeContainer c : all) {
            if (!query.all() && !c.running() && !f.has("status")) {
                continue;
            }
            if (f.has("status") && !f.get("status").contains(c.status)) {
                continue;
            }
            if (f.has("name") && f.get("name").stream().noneMatch(w -> c.name.contains(w.replaceFirst("^/", "")))) {
                continue;
            }
            if (f.has("id") && f.get("id").stream().noneMatch(c.id::startsWith)) {
                continue;
            }
            if (!f.labelsMatch("label", c.request.config().labels())) {
                continue;
            }
            out.add(summary(c));
        }
        return query.limit() > 0 ? out.subList(0, Math.min(out.size(), query.limit())) : out;
    }

    private ContainerSummary summary(FakeContainer c) {
        String status = c.running() ? "Up" : c.status.equals("created") ? "Created" : "Exited (" + c.exitCode + ")";
        return new ContainerSummary(c.id, List.of("/" + c.name), c.request.config().image(), c.imageId,
                String.join(" ", commandOf(c)), c.created.getEpochSecond(), List.of(), c.request.config().labels(),
                c.status, status, new ContainerSummary.SummaryHostConfig("bridge"), null, List.of());
    }

    @Override
    public synchronized ContainerInspect inspectContainer(String id) {
        FakeContainer c = container(id);
        List<String> cmd = commandOf(c);
        ContainerState state = new ContainerState(c.status, c.running(), c.status.equals("paused"), false, false,
                false, c.pid, c.exitCode, "", c.startedAt == null ? "" : c.startedAt.toString(),
                c.finishedAt == null ? "" : c.finishedAt.toString(), Optional.empty());
        List<MountPoint> mounts = new ArrayList<>();
        for (String b : c.request.hostConfig().binds()) {
            String[] p = b.split(":");
            boolean ro = p.length > 2 && p[2].contains("ro");
            mounts.add(new MountPoint("bind", "", p[0], p[1], "", p.length > 2 ? p[2] : "", !ro, "rprivate"));
        }
        return new ContainerInspect(c.id, c.created.toString(), cmd.isEmpty() ? "" : cmd.get(0),
                cmd.isEmpty() ? List.of() : cmd.subList(1, cmd.size()), state, c.imageId, "", "", "", "",
                "/" + c.name, c.restartCount, "overlay2", "linux", c.execIds, c.request.hostConfig(), mounts,
                c.request.config(), NetworkSettings.EMPTY);
    }

    @Override
    public synchronized void startContainer(String id) {
        FakeContainer c = container(id);
        if (c.running()) {
            throw new EngineException.NotModified("container already started");
        }
        c.status = "running";
        c.pid = nextPid++;
        c.startedAt = Instant.now();
        emit("container", "start", c.id, attrs(c));
        List<String> cmd = commandOf(c);
        String prog = cmd.isEmpty() ? "" : cmd.get(0);
        if (prog.equals("echo")) {
            c.logs.add(LogEntry.of(StreamType.STDOUT, String.join(" ", cmd.subList(1, cmd.size())) + "\n"));
            exited(c, 0);
        } else if (prog.equals("true")) {
            exited(c, 0);
        } else if (prog.equals("false")) {
            exited(c, 1);
        }
        notifyAll();
    }

    @Override
    public synchronized void stopContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        FakeContainer c = container(id);
        if (!c.running()) {
            throw new EngineException.NotModified("container already stopped");
        }
        emit("container", "kill", c.id, attrs(c));
        exited(c, 143);
        emit("container", "stop", c.id, attrs(c));
    }

    @Override
    public synchronized void restartContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        FakeContainer c = container(id);
        if (c.running()) {
            exited(c, 143);
        }
        startContainer(c.id);
        emit("container", "restart", c.id, attrs(c));
    }

    @Override
    public synchronized void killContainer(String id, String signal) {
        FakeContainer c = container(id);
        if (!c.running()) {
            throw new EngineException.Conflict("Cannot kill container: " + id + ": container " + c.id
                    + " is not running");
        }
        Map<String, String> a = attrs(c);
        a.put("signal", signal);
        emit("container", "kill", c.id, a);
        exited(c, 137);
    }

    @Override
    public synchronized void pauseContainer(String id) {
        FakeContainer c = container(id);
        if (!c.status.equals("running")) {
            throw new EngineException.Conflict("container " + c.id + " is not running");
        }
        c.status = "paused";
        emit("container", "pause", c.id, attrs(c));
    }

    @Override
    public synchronized void unpauseContainer(String id) {
        FakeContainer c = container(id);
        if (!c.status.equals("paused")) {
            throw new EngineException.Conflict("container " + c.id + " is not paused");
        }
        c.status = "running";
        emit("container", "unpause", c.id, attrs(c));
    }

    @Override
    public CompletableFuture<WaitResult> waitContainer(String id, WaitCondition condition) {
        FakeContainer c = container(id);
        int exitsBefore;
        synchronized (this) {
            exitsBefore = c.exits;
        }
        BooleanSupplier done = switch (condition) {
            case NOT_RUNNING -> () -> !c.running();
            case NEXT_EXIT -> () -> c.exits > exitsBefore;
            case REMOVED -> () -> !containers.containsKey(c.id);
        };
        return CompletableFuture.supplyAsync(() -> await(done, () -> new WaitResult(c.exitCode, Optional.empty())));
    }

    @Override
    public synchronized void removeContainer(String id, boolean force, boolean removeVolumes) {
        FakeContainer c = container(id);
        if (c.running() && !force) {
            throw new EngineException.Conflict("You cannot remove a running container " + c.id
                    + ". Stop the container before attempting removal or force remove");
        }
        if (c.running()) {
            exited(c, 137);
        }
        if (containers.remove(c.id) != null) {
            emit("container", "destroy", c.id, attrs(c));
        }
    }

    @Override
    public synchronized void renameContainer(String id, String newName) {
        FakeContainer c = container(id);
        if (containers.values().stream().anyMatch(o -> o.name.equals(newName))) {
            throw new EngineException.Conflict("Conflict. The container name \"/" + newName + "\" is already in use");
        }
        c.name = newName;
        emit("container", "rename", c.id, attrs(c));
    }

    @Override
    public EngineStream<LogEntry> logs(String id, LogQuery query) {
        FakeContainer c = container(id);
        int start = 0;
        synchronized (this) {
            if (query.tail().isPresent()) {
                start = Math.max(0, c.logs.size() - query.tail().get());
            }
        }
        return follow(c, start, () -> !query.follow() || !c.running(), e -> (e.stream() == StreamType.STDOUT ? query.stdout() : query.stderr())
                && query.since().map(s -> !e.time().isBefore(s)).orElse(true)
                && query.until().map(u -> !e.time().isAfter(u)).orElse(true));
    }

    private EngineStream<LogEntry> follow(FakeContainer c, int start, BooleanSupplier ended,
                                          java.util.function.Predicate<LogEntry> keep) {
        int[] pos = {start};
        boolean[] closed = {false};
        return new EngineStream<>() {
            @Override
            public Optional<LogEntry> next() {
                synchronized (FakeEngine.this) {
                    while (true) {
                        while (pos[0] < c.logs.size()) {
                            LogEntry e = c.logs.get(pos[0]++);
                            if (keep.test(e)) {
                                return Optional.of(e);
                            }
                        }
                        if (closed[0] || ended.getAsBoolean()) {
                            return Optional.empty();
                        }
                        try {
                            FakeEngine.this.wait(100);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return Optional.empty();
                        }
                    }
                }
            }

            @Override
            public void close() {
                synchronized (FakeEngine.this) {
                    closed[0] = true;
                    FakeEngine.this.notifyAll();
                }
            }
        };
    }

    @Override
    public synchronized Attachment attachContainer(String id, boolean stdin, boolean logs, boolean stream) {
        FakeContainer c = container(id);
        boolean echo = commandOf(c).stream().findFirst().orElse("").equals("cat");
        if (!c.running() && !c.status.equals("created")) {
            throw new EngineException.Conflict("You cannot attach to a stopped container, start it first");
        }
        EngineStream<LogEntry> out = follow(c, logs ? 0 : c.logs.size(),
                () -> !stream || !c.running() && !c.status.equals("created"), e -> true);
        return attachment(c.request.config().tty(), out, bytes -> {
            synchronized (FakeEngine.this) {
                c.stdin.writeBytes(bytes);
                if (echo) {
                    c.logs.add(new LogEntry(StreamType.STDOUT, Instant.now(), bytes));
                }
                FakeEngine.this.notifyAll();
            }
        }, () -> {
            if (echo) {
                exit(c.id, 0);
            }
        });
    }

    private static Attachment attachment(boolean tty, EngineStream<LogEntry> out,
                                         java.util.function.Consumer<byte[]> in, Runnable eof) {
        OutputStream stdin = new OutputStream() {
            @Override
            public void write(int b) {
                in.accept(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                in.accept(java.util.Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void close() {
                eof.run();
            }
        };
        return new Attachment() {
            @Override
            public boolean tty() {
                return tty;
            }

            @Override
            public OutputStream stdin() {
                return stdin;
            }

            @Override
            public EngineStream<LogEntry> output() {
                return out;
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    @Override
    public void resizeContainerTty(String id, int height, int width) {
        container(id);
    }

    @Override
    public synchronized TopResult top(String id, String psArgs) {
        FakeContainer c = container(id);
        if (!c.running()) {
            throw new EngineException.Conflict("Container " + c.id + " is not running");
        }
        return new TopResult(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
                List.of(List.of("root", String.valueOf(c.pid), "1", "0", "00:00", "?", "00:00:00",
                        String.join(" ", commandOf(c)))));
    }

    @Override
    public EngineStream<ContainerStats> stats(String id, boolean stream) {
        FakeContainer c = container(id);
        ContainerStats s = new ContainerStats(Instant.now().toString(), "", "/" + c.name, c.id,
                new ContainerStats.PidsStats(1, 0), null, null, new ContainerStats.MemoryStats(1 << 20, 1 << 20,
                1L << 30, Map.of()), Map.of(), Map.of());
        List<ContainerStats> one = List.of(s);
        int[] pos = {0};
        return new EngineStream<>() {
            @Override
            public Optional<ContainerStats> next() {
                return pos[0] < one.size() ? Optional.of(one.get(pos[0]++)) : Optional.empty();
            }

            @Override
            public void close() {
                pos[0] = one.size();
            }
        };
    }

    @Override
    public synchronized PathStat statPath(String id, String path) {
        FakeContainer c = container(id);
        byte[] data = c.files.get(path);
        if (data == null) {
            throw new EngineException.NotFound("Could not find the file " + path + " in container " + id);
        }
        return new PathStat(path.substring(path.lastIndexOf('/') + 1), data.length, 0644, Instant.now().toString(), "");
    }

    @Override
    public PathStat copyFrom(String id, String path, OutputStream tar) {
        PathStat stat = statPath(id, path);
        try {
            byte[] data;
            synchronized (this) {
                data = container(id).files.get(path);
            }
            FakeTar.write(Map.of(stat.name(), data), tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stat;
    }

    @Override
    public void copyTo(String id, String path, InputStream tar, boolean noOverwriteDirNonDir) {
        FakeContainer c = container(id);
        try {
            Map<String, byte[]> files = FakeTar.read(tar);
            synchronized (this) {
                files.forEach((name, data) -> c.files.put(path.replaceFirst("/$", "") + "/" + name, data));
            }
        } catch (IOException e) {
            throw new EngineException.BadRequest("not a tar archive: " + e.getMessage());
        }
    }

    @Override
    public synchronized List<String> updateContainer(String id, io.jcompose.engine.api.ContainerUpdate update) {
        FakeContainer c = container(id);
        c.request = c.request.withHostConfig(update.applyTo(c.request.hostConfig()));
        emit("container", "update", c.id, attrs(c));
        return List.of();
    }

    /** The files copied into the container (the fake has no image file system), by path without the leading slash. */
    @Override
    public void exportContainer(String id, OutputStream tar) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        synchronized (this) {
            container(id).files.forEach((p, data) -> files.put(p.replaceFirst("^/", ""), data));
        }
        try {
            FakeTar.write(files, tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files copied into the container, as added paths (the fake has no image file system). */
    @Override
    public synchronized List<io.jcompose.engine.api.ContainerChange> containerChanges(String id) {
        return container(id).files.keySet().stream()
                .map(p -> new io.jcompose.engine.api.ContainerChange(p, io.jcompose.engine.api.ContainerChange.ADDED))
                .toList();
    }

    @Override
    public synchronized PruneReport pruneContainers(Filters filters) {
        List<String> gone = new ArrayList<>();
        for (FakeContainer c : List.copyOf(containers.values())) {
            if (!c.running() && filters.labelsMatch("label", c.request.config().labels())) {
                containers.remove(c.id);
                gone.add(c.id);
            }
        }
        return new PruneReport(gone, 0);
    }

    // ------------------------------------------------------------ exec

    @Override
    public synchronized String createExec(String containerId, ExecCreate request) {
        FakeContainer c = container(containerId);
        if (!c.status.equals("running")) {
            throw new EngineException.Conflict("container " + c.id + " is not running");
        }
        if (request.cmd().isEmpty()) {
            throw new EngineException.BadRequest("No exec command specified");
        }
        String id = newId();
        execs.put(id, new FakeExec(id, c.id, request));
        c.execIds.add(id);
        return id;
    }

    private synchronized FakeExec exec(String id) {
        FakeExec e = execs.get(id);
        if (e == null) {
            throw new EngineException.NotFound("No such exec instance: " + id);
        }
        return e;
    }

    @Override
    public synchronized void startExecDetached(String execId) {
        FakeExec e = exec(execId);
        e.exitCode = Optional.of(0);
    }

    @Override
    public Attachment startExec(String execId, boolean tty) {
        FakeExec e = exec(execId);
        List<String> cmd = e.request.cmd();
        List<LogEntry> out = new ArrayList<>();
        boolean[] ended = {false};
        synchronized (this) {
            e.running = true;
            if (cmd.get(0).equals("echo")) {
                out.add(LogEntry.of(StreamType.STDOUT, String.join(" ", cmd.subList(1, cmd.size())) + "\n"));
                ended[0] = true;
            } else if (!cmd.get(0).equals("cat")) {
                ended[0] = true;
            }
            if (ended[0]) {
                e.running = false;
                e.exitCode = Optional.of(0);
            }
        }
        int[] pos = {0};
        EngineStream<LogEntry> output = new EngineStream<>() {
            @Override
            public Optional<LogEntry> next() {
                synchronized (FakeEngine.this) {
                    while (pos[0] >= out.size() && !ended[0]) {
                        try {
                            FakeEngine.this.wait(100);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return Optional.empty();
                        }
                    }
                    return pos[0] < out.size() ? Optional.of(out.get(pos[0]++)) : Optional.empty();
                }
            }

            @Override
            public void close() {
                synchronized (FakeEngine.this) {
                    ended[0] = true;
                    FakeEngine.this.notifyAll();
                }
            }
        };
        return attachment(tty, output, bytes -> {
            synchronized (FakeEngine.this) {
                out.add(new LogEntry(StreamType.STDOUT, Instant.now(), bytes));
                FakeEngine.this.notifyAll();
            }
        }, () -> {
            synchronized (FakeEngine.this) {
                ended[0] = true;
                e.running = false;
                e.exitCode = Optional.of(0);
                FakeEngine.this.notifyAll();
            }
        });
    }

    @Override
    public synchronized ExecInspect inspectExec(String execId) {
        FakeExec e = exec(execId);
        List<String> cmd = e.request.cmd();
        return new ExecInspect(e.id, e.running, e.exitCode, new ExecInspect.ProcessConfig(e.request.tty(),
                cmd.get(0), cmd.subList(1, cmd.size()), false, e.request.user()), e.request.attachStdin(),
                e.request.attachStdout(), e.request.attachStderr(), e.containerId, 0, false, "");
    }

    @Override
    public void resizeExecTty(String execId, int height, int width) {
        exec(execId);
    }

    // ------------------------------------------------------------ images

    @Override
    public synchronized List<ImageSummary> listImages(boolean all, Filters filters) {
        List<ImageSummary> out = new ArrayList<>();
        for (FakeImage i : images.values()) {
            if (filters.has("reference") && filters.get("reference").stream().noneMatch(r -> i.tags().contains(normalize(r)))) {
                continue;
            }
            if (!filters.labelsMatch("label", i.config().labels())) {
                continue;
            }
            out.add(new ImageSummary(i.id(), "", i.tags(), List.of(), i.created().getEpochSecond(), 1024, -1,
                    i.config().labels(), -1));
        }
        return out;
    }

    @Override
    public synchronized ImageInspect inspectImage(String ref) {
        FakeImage i = image(ref);
        return new ImageInspect(i.id(), i.tags(), List.of(), "", "", i.created().toString(), "", Optional.empty(), "", i.config(),
                "amd64", "linux", 1024, null);
    }

    @Override
    public synchronized void tagImage(String ref, String repo, String tag) {
        FakeImage i = image(ref);
        String t = normalize(repo + ":" + (tag.isEmpty() ? "latest" : tag));
        images.values().forEach(o -> o.tags().remove(t));
        i.tags().add(t);
        emit("image", "tag", i.id(), Map.of("name", t));
    }

    @Override
    public synchronized List<ImageDeleteEntry> removeImage(String ref, boolean force, boolean noPrune) {
        FakeImage i = image(ref);
        boolean used = containers.values().stream().anyMatch(c -> c.imageId.equals(i.id()));
        if (used && !force) {
            throw new EngineException.Conflict("conflict: unable to remove repository reference \"" + ref
                    + "\" (must force) - container is using its referenced image " + i.id());
        }
        List<ImageDeleteEntry> out = new ArrayList<>();
        String n = normalize(ref);
        if (i.tags().contains(n) && i.tags().size() > 1) {
            i.tags().remove(n);
            return List.of(ImageDeleteEntry.untagged(n));
        }
        i.tags().forEach(t -> out.add(ImageDeleteEntry.untagged(t)));
        images.remove(i.id());
        out.add(ImageDeleteEntry.deleted(i.id()));
        emit("image", "delete", i.id(), Map.of("name", ref));
        return out;
    }

    @Override
    public List<String> loadImages(InputStream archive) {
        try {
            Map<String, byte[]> files = FakeTar.read(archive);
            byte[] manifest = files.get("manifest.json");
            if (manifest == null) {
                throw new EngineException(500, "no manifest.json in the archive");
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode m : Json.api().readTree(manifest)) {
                JsonNode cfg = Json.api().readTree(files.get(m.path("Config").asText())).path("config");
                ContainerConfig config = Json.bind(cfg, ContainerConfig.class);
                for (JsonNode tag : m.path("RepoTags")) {
                    addImage(tag.asText(), config);
                    lines.add("Loaded image: " + tag.asText());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new EngineException(500, "cannot read the archive: " + e.getMessage());
        }
    }

    @Override
    public void saveImages(List<String> refs, OutputStream archive) {
        StringBuilder manifest = new StringBuilder("[");
        for (String r : refs) {
            image(r);
            manifest.append(manifest.length() > 1 ? "," : "").append("{\"RepoTags\":[\"").append(normalize(r)).append("\"]}");
        }
        try {
            FakeTar.write(Map.of("manifest.json", (manifest + "]").getBytes(StandardCharsets.UTF_8)), archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new image with the container's config (the body's config when given) and no file system. */
    @Override
    public synchronized String commitContainer(io.jcompose.engine.api.ContainerCommit request) {
        FakeContainer c = container(request.container());
        String id = "sha256:" + newId();
        List<String> tags = new ArrayList<>();
        if (!request.repo().isEmpty()) {
            tags.add(normalize(request.repo() + ":" + (request.tag().isEmpty() ? "latest" : request.tag())));
        }
        images.put(id, new FakeImage(id, tags, request.config().orElse(c.request.config()), Instant.now()));
        return id;
    }

    @Override
    public List<ImageHistoryEntry> imageHistory(String ref) {
        FakeImage i = image(ref);
        return List.of(new ImageHistoryEntry(i.id(), i.created().getEpochSecond(), "fake", i.tags(), 1024, ""));
    }

    @Override
    public synchronized PruneReport pruneImages(Filters filters) {
        return new PruneReport(List.of(), 0);
    }

    // ------------------------------------------------------------ networks

    @Override
    public synchronized CreatedId createNetwork(NetworkCreate request) {
        if (networks.containsKey(request.name())) {
            throw new EngineException.Conflict("network with name " + request.name() + " already exists");
        }
        String id = newId();
        networks.put(request.name(), new Network(request.name(), id, Instant.now().toString(), "local",
                request.driver().isEmpty() ? "bridge" : request.driver(), request.enableIpv6(),
                request.ipam().orElse(null), request.internal(), request.attachable(), Map.of(), request.options(),
                request.labels()));
        emit("network", "create", id, Map.of("name", request.name()));
        return new CreatedId(id, List.of());
    }

    @Override
    public synchronized List<Network> listNetworks(Filters filters) {
        return networks.values().stream().filter(n -> filters.labelsMatch("label", n.labels()))
                .filter(n -> !filters.has("name") || filters.get("name").stream().anyMatch(n.name()::contains))
                .toList();
    }

    @Override
    public synchronized Network inspectNetwork(String id) {
        return networks.values().stream().filter(n -> n.name().equals(id) || n.id().startsWith(id)).findFirst()
                .orElseThrow(() -> new EngineException.NotFound("network " + id + " not found"));
    }

    @Override
    public synchronized void removeNetwork(String id) {
        Network n = inspectNetwork(id);
        networks.remove(n.name());
        emit("network", "destroy", n.id(), Map.of("name", n.name()));
    }

    @Override
    public synchronized void connectNetwork(String network, String container, EndpointSettings endpoint) {
        inspectNetwork(network);
        container(container);
    }

    @Override
    public synchronized void disconnectNetwork(String network, String container, boolean force) {
        inspectNetwork(network);
        container(container);
    }

    @Override
    public synchronized PruneReport pruneNetworks(Filters filters) {
        return new PruneReport(List.of(), 0);
    }

    // ------------------------------------------------------------ volumes

    @Override
    public synchronized Volume createVolume(VolumeCreate request) {
        String name = request.name().isEmpty() ? newId() : request.name();
        Volume v = volumes.computeIfAbsent(name, n -> new Volume(n, "local", "/fake/volumes/" + n + "/_data",
                Instant.now().toString(), request.labels(), "local", request.driverOpts()));
        emit("volume", "create", name, Map.of("driver", "local"));
        return v;
    }

    @Override
    public synchronized List<Volume> listVolumes(Filters filters) {
        return volumes.values().stream().filter(v -> filters.labelsMatch("label", v.labels())).toList();
    }

    @Override
    public synchronized Volume inspectVolume(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw new EngineException.NotFound("get " + name + ": no such volume");
        }
        return v;
    }

    @Override
    public synchronized void removeVolume(String name, boolean force) {
        inspectVolume(name);
        volumes.remove(name);
        emit("volume", "destroy", name, Map.of("driver", "local"));
    }

    @Override
    public synchronized PruneReport pruneVolumes(Filters filters) {
        return new PruneReport(List.of(), 0);
    }

    /** A docker-save archive with one image: for load tests. */
    public static byte[] saveArchive(String tag, List<String> cmd) throws IOException {
        String config = "{\"config\":{\"Cmd\":" + Json.api().writeValueAsString(cmd) + "}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[]}]";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        FakeTar.write(files, out);
        return out.toByteArray();
    }

    /** Reads an archive made by {@link #saveArchive}: for tests. */
    public static Map<String, byte[]> readArchive(byte[] tar) throws IOException {
        return FakeTar.read(new ByteArrayInputStream(tar));
    }
}
