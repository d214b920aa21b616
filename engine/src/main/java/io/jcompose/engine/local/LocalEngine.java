package io.jcompose.engine.local;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerInspect;
import io.jcompose.engine.api.ContainerListQuery;
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
import io.jcompose.engine.api.Network;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.PathStat;
import io.jcompose.engine.api.PruneReport;
import io.jcompose.engine.api.SystemInfo;
import io.jcompose.engine.api.TopResult;
import io.jcompose.engine.api.VersionInfo;
import io.jcompose.engine.api.Volume;
import io.jcompose.engine.api.VolumeCreate;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.container.ContainerRuntime;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ContainerState;
import io.jcompose.runtime.container.ContainerStatus;
import io.jcompose.runtime.container.Ids;
import io.jcompose.runtime.image.Image;
import io.jcompose.runtime.image.ImageStore;
import io.jcompose.runtime.kernel.LauncherPath;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.kernel.Signal;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine inside {@code jcompose engine}: the Docker object model over the runtime's image store and
 * containers (and, as they land, networks and volumes). It keeps each container's API request beside the
 * runtime's state, so a new engine over the same state directory lists every container again, re-attaches
 * to the running ones and supervises their restart policies.
 */
public final class LocalEngine implements Engine, AutoCloseable {
    static final System.Logger LOG = System.getLogger("io.jcompose.engine");
    static final String VERSION = "0.1.0";

    private final Path root;
    final ImageStore images;
    final ContainerRuntime runtime;
    final CgroupDriver cgroups;
    final MetaStore metas;
    final Map<String, ContainerMeta> containers = new ConcurrentHashMap<>();
    final EventBus events = new EventBus();
    private final Execs execs;
    final Supervisor supervisor;
    final NetworkWiring network;
    private final Object names = new Object();
    /** Deletes removed containers' files after the API has answered (see {@link #removeNow}). */
    private final java.util.concurrent.ExecutorService reaper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "engine-reaper");
        t.setDaemon(true);
        return t;
    });

    private LocalEngine(Path root, ImageStore images, ContainerRuntime runtime, CgroupDriver cgroups,
                        NetworkWiring network) {
        this.root = root;
        this.network = network;
        this.images = images;
        this.runtime = runtime;
        this.cgroups = cgroups;
        this.metas = new MetaStore(root.resolve("engine/containers"));
        this.execs = new Execs(this);
        this.supervisor = new Supervisor(this);
    }

    /**
     * Opens the engine over {@code root} (images, containers, the engine's own records). Containers that kept
     * running while no engine ran are re-attached; exits that happened meanwhile are recorded.
     *
     * @param socketDir a short directory for the shims' attach sockets
     */
    public static LocalEngine open(Path root, Path socketDir) {
        return open(root, socketDir, "jc");
    }

    /**
     * As {@link #open(Path, Path)}, with the network module's instance name (two letters naming the bridges,
     * veths and firewall chains this engine owns), so a second engine on the host does not touch the first's.
     */
    public static LocalEngine open(Path root, Path socketDir, String networkInstance) {
        CgroupDriver cgroups = CgroupDriver.detect();
        Path init = LauncherPath.init();
        ContainerRuntime runtime = ContainerRuntime.open(root.resolve("containers"), socketDir,
                LinuxKernel.configured(), cgroups, Files.exists(init) ? Optional.of(init) : Optional.empty());
        ImageStore images = ImageStore.open(root.resolve("images"));
        NetworkWiring network = NetworkWiring.open(root, socketDir.resolveSibling("net"), networkInstance);
        LocalEngine engine = new LocalEngine(root, images, runtime, cgroups, network);
        engine.recover();
        engine.supervisor.start();
        return engine;
    }

    private void recover() {
        List<String> known = runtime.list();
        for (ContainerMeta m : metas.loadAll()) {
            if (known.contains(m.id())) {
                containers.put(m.id(), m);
            } else {
                LOG.log(System.Logger.Level.WARNING, "dropping the record of container {0}: the runtime has no such container", m.name());
                metas.delete(m.id());
            }
        }
        network.forgetAllBut(containers.keySet());
        for (String id : known) {
            if (!containers.containsKey(id)) {
                LOG.log(System.Logger.Level.WARNING, "container {0} has no engine record (interrupted create); removing it", id);
                try {
                    runtime.remove(id, true);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove container {0}: {1}", id, e.getMessage());
                }
            }
        }
        int running = 0;
        for (ContainerMeta m : containers.values()) {
            if (runtime.inspect(m.id()).isRunning()) {
                running++;
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0} containers known, {1} running", containers.size(), running);
    }

    @Override
    public void close() {
        supervisor.close();
        network.close();
        drainReaper();
    }

    /** Runs {@code deletion} on the reaper thread, or here once the engine is closed. */
    private void reap(Runnable deletion) {
        try {
            reaper.execute(deletion);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            deletion.run();
        }
    }

    private void drainReaper() {
        reaper.shutdown();
        try {
            if (!reaper.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "removed containers' files are still being deleted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops supervising and removes every network with its host state (bridges, firewall rules): for
     * throwaway engines (tests, benchmarks) whose containers are already removed.
     */
    public void closeAndRemoveNetworks() {
        supervisor.close();
        network.removeAll();
        network.close();
        drainReaper();
    }

    /** Starts a created or exited container: its networking first, then the process. */
    ContainerState startNow(String id) {
        ContainerMeta m = containers.get(id);
        if (m == null) {
            throw new EngineException.NotFound("No such container: " + id);
        }
        synchronized (supervisor.lock(id)) {
            SharedNetwork.target(m.request().hostConfig()).ifPresent(t -> {
                if (!state(meta(t).id()).isRunning()) {
                    throw new EngineException.Conflict("cannot join network of a non running container: " + t);
                }
            });
            // a donor that is not running is the runtime's "cannot join IPC of a non running container", as Docker checks
            NamespaceModes.ipcDonor(m.request().hostConfig()).map(this::meta).filter(d -> state(d.id()).isRunning())
                    .ifPresent(NamespaceModes::checkShareable);
            network.prepare(m, runtime.spec(id).hostname());
            try {
                return esrchTolerant(() -> runtime.start(id));
            } catch (RuntimeException e) {
                try {
                    network.release(id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ lookups

    ContainerMeta meta(String idOrName) {
        String key = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        ContainerMeta exact = containers.get(key);
        if (exact != null) {
            return exact;
        }
        for (ContainerMeta m : containers.values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        List<ContainerMeta> prefixed = key.isEmpty() ? List.of()
                : containers.values().stream().filter(m -> m.id().startsWith(key)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new EngineException.NotFound("multiple IDs found with provided prefix: " + idOrName);
        }
        throw new EngineException.NotFound("No such container: " + idOrName);
    }

    ContainerState state(String id) {
        return Errors.call(() -> runtime.inspect(id));
    }

    void update(ContainerMeta m) {
        containers.compute(m.id(), (k, old) -> {
            metas.save(m);
            return m;
        });
    }

    /** Changes the record of a container that still exists (never resurrects a removed one). */
    void change(String id, java.util.function.UnaryOperator<ContainerMeta> how) {
        containers.computeIfPresent(id, (k, old) -> {
            ContainerMeta m = how.apply(old);
            metas.save(m);
            return m;
        });
    }

    void emit(String action, ContainerMeta m, Map<String, String> extra) {
        Map<String, String> attrs = new java.util.TreeMap<>(m.request().config().labels());
        attrs.put("image", m.request().config().image());
        attrs.put("name", m.name());
        attrs.putAll(extra);
        events.publish(Event.of("container", action, m.id(), attrs));
    }

    private Image image(String ref) {
        return images.find(ref).orElseThrow(() -> new EngineException.NotFound("No such image: " + ref));
    }

    // ------------------------------------------------------------------ system

    @Override
    public String ping() {
        return "1.44";
    }

    @Override
    public VersionInfo version() {
        return SystemViews.version();
    }

    @Override
    public SystemInfo info() {
        int running = 0;
        int paused = 0;
        for (ContainerMeta m : containers.values()) {
            ContainerState s;
            try {
                s = runtime.inspect(m.id());
            } catch (RuntimeException removedMeanwhile) {
                continue;
            }
            if (s.status() == io.jcompose.runtime.container.ContainerStatus.PAUSED) {
                paused++;
            } else if (s.isRunning()) {
                running++;
            }
        }
        return SystemViews.info(containers.size(), running, paused, images.list().size(), root, cgroups.version());
    }

    @Override
    public EngineStream<Event> events(EventQuery query) {
        return events.subscribe(query);
    }

    // ------------------------------------------------------------------ containers

    @Override
    public CreatedId createContainer(Optional<String> name, ContainerCreate asked) {
        boolean cgroupV2 = cgroups.version().equals("v2");
        ContainerCreate request = asked.withHostConfig(ResourceLimits.adapt(asked.hostConfig(), cgroupV2));
        return Errors.call(() -> {
            Image img = image(request.config().image());
            String id = Ids.random();
            MountTranslator.Translated mounts = MountTranslator.translate(request.hostConfig());
            ContainerMeta meta;
            synchronized (names) {
                String n = name.map(s -> s.startsWith("/") ? s.substring(1) : s).filter(s -> !s.isEmpty())
                        .orElseGet(this::freeName);
                if (!Names.VALID.matcher(n).matches()) {
                    throw new EngineException.BadRequest("Invalid container name (" + n
                            + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
                }
                containers.values().stream().filter(m -> m.name().equals(n)).findFirst().ifPresent(m -> {
                    throw new EngineException.Conflict("Conflict. The container name \"/" + n
                            + "\" is already in use by container \"" + m.id()
                            + "\". You have to remove (or rename) that container to be able to reuse that name.");
                });
                network.check(request);
                NamespaceModes.check(request);
                // container:<name> is resolved now and kept as container:<id>, so a later container of that
                // name is never joined by mistake
                Optional<ContainerMeta> joined = SharedNetwork.target(request.hostConfig()).map(this::networkTarget);
                ContainerCreate stored = NamespaceModes.resolve(joined.map(t -> request.withHostConfig(request.hostConfig()
                        .withNetworkMode(SharedNetwork.PREFIX + t.id()))).orElse(request), this::namespaceTarget);
                List<io.jcompose.runtime.container.ContainerMount> all = new ArrayList<>();
                java.util.Set<String> userTargets = new java.util.HashSet<>();
                mounts.mounts().forEach(mt -> userTargets.add(mt.target()));
                (joined.isPresent() ? SharedNetwork.files(runtime.spec(joined.get().id())) : network.fileMounts(id))
                        .stream().filter(fm -> !userTargets.contains(fm.target())).forEach(all::add);
                all.addAll(mounts.mounts());
                ContainerSpec built = SpecBuilder.build(id, n, request, img.config(), images.layerDirs(img),
                        new MountTranslator.Translated(all, mounts.points()));
                ContainerSpec spec = NamespaceModes.apply(built, stored.hostConfig());
                spec = joined.isPresent() ? SharedNetwork.join(spec, runtime.spec(joined.get().id()))
                        : spec.withNetwork(NetworkWiring.hostMode(request.hostConfig()),
                                network.netnsPath(id, request.hostConfig()));
                meta = new ContainerMeta(id, n, stored, img.id(), Instant.now().toString(), mounts.points(), false, 0,
                        Optional.empty());
                update(meta);
                try {
                    runtime.create(spec);
                } catch (RuntimeException e) {
                    containers.remove(id);
                    metas.delete(id);
                    throw e;
                }
            }
            emit("create", meta, Map.of());
            return new CreatedId(id, ResourceLimits.warnings(asked.hostConfig(), cgroupV2));
        });
    }

    /** The container named by network mode container:X; a missing one is a 400 (a 404 makes docker run pull). */
    private ContainerMeta networkTarget(String idOrName) {
        try {
            return meta(idOrName);
        } catch (EngineException.NotFound e) {
            throw new EngineException.BadRequest(e.getMessage() + " (HostConfig.NetworkMode container:" + idOrName + ")");
        }
    }

    /** The id of the container a PidMode or IpcMode {@code container:<name|id>} names. */
    private String namespaceTarget(String idOrName) {
        try {
            return meta(idOrName).id();
        } catch (EngineException.NotFound e) {
            throw new EngineException.BadRequest(e.getMessage() + " (HostConfig.PidMode/IpcMode container:" + idOrName + ")");
        }
    }

    private String freeName() {
        for (int i = 0; i < 100; i++) {
            String n = Names.generate();
            if (containers.values().stream().noneMatch(m -> m.name().equals(n))) {
                return n;
            }
        }
        return Names.generate() + "_" + Ids.random().substring(0, 6);
    }

    @Override
    public List<ContainerSummary> listContainers(ContainerListQuery query) {
        return Errors.call(() -> ContainerViews.list(this, query));
    }

    @Override
    public ContainerInspect inspectContainer(String id) {
        return Errors.call(() -> ContainerViews.inspect(this, meta(id)));
    }

    @Override
    public void startContainer(String id) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            if (state(m.id()).isRunning()) {
                throw new EngineException.NotModified("container already started");
            }
            change(m.id(), old -> old.withStopped(false, 0));
            try {
                ContainerState started = startNow(m.id());
                // the start event goes out before the supervisor can see the exit (and remove a --rm container)
                emit("start", meta(m.id()), Map.of());
                supervisor.started(m.id(), started);
            } catch (RuntimeException e) {
                // as Docker does: a --rm container that cannot start goes (docker run waits for its removal)
                if (m.request().hostConfig().autoRemove()) {
                    try {
                        removeNow(m, true);
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
        });
    }

    Duration grace(ContainerMeta m, Optional<Duration> timeout) {
        return timeout.orElse(Duration.ofSeconds(m.request().config().stopTimeout().orElse(10)));
    }

    @Override
    public void stopContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            if (!state(m.id()).isRunning()) {
                throw new EngineException.NotModified("container already stopped");
            }
            change(m.id(), old -> old.withStopped(true, old.policyRestarts()));
            stopNow(m, timeout, signal);
            emit("stop", m, Map.of());
        });
    }

    private void stopNow(ContainerMeta m, Optional<Duration> timeout, Optional<String> signal) {
        Duration grace = grace(m, timeout);
        emit("kill", m, Map.of("signal", signal.orElse(runtime.spec(m.id()).stopSignal())));
        if (signal.isPresent()) {
            runtime.kill(m.id(), Signal.parse(signal.get()));
            runtime.awaitExit(m.id(), grace);
        }
        esrchTolerant(() -> runtime.stop(m.id(), grace));
        supervisor.exitedNow(m.id());
    }

    /**
     * Runs a runtime step again when it failed with ESRCH: the runtime's clean-up signals the processes it
     * listed in the cgroup, and one that exits in between makes kill(2) fail although nothing is wrong.
     */
    static void esrchTolerant(Runnable step) {
        esrchTolerant(() -> {
            step.run();
            return null;
        });
    }

    static <T> T esrchTolerant(java.util.function.Supplier<T> step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                String msg = String.valueOf(e.getMessage());
                if (attempt >= 5 || !(msg.contains("No such process") || msg.contains("ESRCH"))) {
                    throw e;
                }
                LOG.log(System.Logger.Level.DEBUG, "retrying after a process vanished: {0}", msg);
            }
        }
    }

    @Override
    public void restartContainer(String id, Optional<Duration> timeout, Optional<String> signal) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            change(m.id(), old -> old.withStopped(true, old.policyRestarts()));
            if (state(m.id()).isRunning()) {
                stopNow(m, timeout, signal);
            }
            change(m.id(), old -> old.withStopped(false, 0));
            ContainerState started = startNow(m.id());
            emit("start", m, Map.of());
            emit("restart", m, Map.of());
            supervisor.started(m.id(), started);
        });
    }

    @Override
    public void killContainer(String id, String signal) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            if (!state(m.id()).isRunning()) {
                throw new EngineException.Conflict("Cannot kill container: " + id + ": Container " + m.id()
                        + " is not running");
            }
            Signal s = Signal.parse(signal);
            if (s.number() == Signal.KILL.number()) {
                change(m.id(), old -> old.withStopped(true, old.policyRestarts()));
            }
            runtime.kill(m.id(), s);
            emit("kill", m, Map.of("signal", String.valueOf(s.number())));
        });
    }

    @Override
    public void pauseContainer(String id) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            runtime.pause(m.id());
            emit("pause", m, Map.of());
        });
    }

    @Override
    public void unpauseContainer(String id) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            runtime.unpause(m.id());
            emit("unpause", m, Map.of());
        });
    }

    @Override
    public CompletableFuture<WaitResult> waitContainer(String id, WaitCondition condition) {
        return Errors.call(() -> supervisor.waitFor(meta(id).id(), condition));
    }

    @Override
    public void removeContainer(String id, boolean force, boolean volumes) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            if (state(m.id()).isRunning()) {
                if (!force) {
                    throw new EngineException.Conflict("You cannot remove a running container " + m.id()
                            + ". Stop the container before attempting removal or force remove");
                }
                change(m.id(), old -> old.withStopped(true, old.policyRestarts()));
                emit("kill", m, Map.of("signal", "9"));
            }
            removeNow(m, force);
        });
    }

    void removeNow(ContainerMeta m, boolean force) {
        removeNow(m, force, false);
    }

    /**
     * The removal of an AutoRemove container after its exit: as {@link #removeNow(ContainerMeta, boolean)}, but
     * its host links and namespace file go on the network module's thread (docker run --rm has its answer by then;
     * a docker rm caller gets its answer only when they are gone, as with Docker).
     */
    void autoRemove(ContainerMeta m) {
        removeNow(m, true, true);
    }

    private void removeNow(ContainerMeta m, boolean force, boolean teardownLater) {
        synchronized (m.id().intern()) {
            if (!containers.containsKey(m.id())) {
                return;
            }
            if (force && runtime.inspect(m.id()).isRunning()) {
                esrchTolerant(() -> runtime.kill(m.id(), Signal.KILL));
                runtime.awaitExit(m.id(), Duration.ofSeconds(10));
            }
            // the exit is handled (die event, waiters answered) while the container still exists
            supervisor.exitedNow(m.id());
            // the runtime renames the container's files away at once; the tree is deleted after the answer
            esrchTolerant(() -> runtime.remove(m.id(), force, this::reap));
            containers.remove(m.id());
            metas.delete(m.id());
            execs.forget(m.id());
        }
        emit("destroy", m, Map.of());
        // waiters for the removal (docker run --rm) are answered before the network is released
        supervisor.removed(m.id());
        try {
            if (teardownLater) {
                network.releaseLater(m.id());
            } else {
                network.release(m.id());
            }
            reap(() -> {
                try {
                    network.forget(m.id());
                } catch (java.io.IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "container {0}: cannot delete its network files: {1}",
                            m.name(), e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "container {0}: cleaning its network state failed: {1}",
                    m.name(), e.getMessage());
        }
    }

    @Override
    public void renameContainer(String id, String newName) {
        Errors.run(() -> {
            synchronized (names) {
                ContainerMeta m = meta(id);
                if (!Names.VALID.matcher(newName).matches()) {
                    throw new EngineException.BadRequest("Invalid container name (" + newName + ")");
                }
                if (containers.values().stream().anyMatch(o -> o.name().equals(newName) && !o.id().equals(m.id()))) {
                    throw new EngineException.Conflict("Conflict. The container name \"/" + newName
                            + "\" is already in use");
                }
                change(m.id(), old -> old.withName(newName));
                emit("rename", meta(m.id()), Map.of("oldName", "/" + m.name()));
            }
        });
    }

    @Override
    public EngineStream<LogEntry> logs(String id, LogQuery query) {
        return Errors.call(() -> LogStreams.logs(runtime, meta(id).id(), query));
    }

    @Override
    public Attachment attachContainer(String id, boolean stdin, boolean logs, boolean stream) {
        return Errors.call(() -> {
            ContainerMeta m = meta(id);
            Attachment a = LogStreams.attach(runtime, m.id(), m.request().config().tty(), stdin, logs, stream);
            emit("attach", m, Map.of());
            return a;
        });
    }

    @Override
    public void resizeContainerTty(String id, int height, int width) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            if (!m.request().config().tty()) {
                throw new EngineException(500, "cannot resize container " + m.id() + ": it has no tty");
            }
            if (state(m.id()).isRunning()) {
                runtime.resize(m.id(), height, width);
            }
        });
    }

    @Override
    public List<String> updateContainer(String id, io.jcompose.engine.api.ContainerUpdate update) {
        return Errors.call(() -> ContainerUpdates.apply(this, meta(id), update));
    }

    @Override
    public List<io.jcompose.engine.api.ContainerChange> containerChanges(String id) {
        return Errors.call(() -> {
            String cid = meta(id).id();
            return frozenWhile(cid, () -> FilesystemChanges.of(runtime.spec(cid).lowerDirs(), runtime.upperDir(cid)));
        });
    }

    @Override
    public void exportContainer(String id, OutputStream tar) {
        Errors.run(() -> {
            ContainerMeta m = meta(id);
            frozenWhile(m.id(), () -> {
                try {
                    // tar writes 512-byte records: gather them into fewer, larger HTTP chunks
                    java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(tar, 256 * 1024);
                    ContainerExport.write(runtime.spec(m.id()).lowerDirs(), runtime.upperDir(m.id()),
                            Instant.parse(m.created()), out);
                    out.flush();
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("export of container " + m.id() + ": " + e.getMessage(), e);
                }
            });
        });
    }

    /**
     * Runs {@code walk} over a container's upper directory with the container frozen (cgroup freezer) if it runs:
     * a process in it could otherwise swap a directory for a symlink between the walk's lstat and its descent,
     * and the walk would follow it to the host's files (into an export, a committed image, docker diff). An already paused
     * container stays paused.
     */
    <T> T frozenWhile(String id, java.util.function.Supplier<T> walk) {
        ContainerState s = state(id);
        boolean freeze = s.isRunning() && s.status() != ContainerStatus.PAUSED;
        if (freeze) {
            try {
                runtime.pause(id);
            } catch (io.jcompose.runtime.container.ContainerException e) {
                if (state(id).isRunning()) {
                    throw e;
                }
                freeze = false; // it exited meanwhile: nothing is left to race the walk
            }
        }
        try {
            return walk.get();
        } finally {
            if (freeze) {
                try {
                    runtime.unpause(id);
                } catch (io.jcompose.runtime.container.ContainerException e) {
                    if (state(id).status() == ContainerStatus.PAUSED) {
                        throw e;
                    }
                    // exited, or unpaused by a docker unpause meanwhile: thawed either way
                }
            }
        }
    }

    @Override
    public TopResult top(String id, String psArgs) {
        return Errors.call(() -> {
            ContainerMeta m = meta(id);
            if (!state(m.id()).isRunning()) {
                throw new EngineException.Conflict("Container " + m.id() + " is not running");
            }
            Set<Integer> pids = new HashSet<>();
            runtime.top(m.id()).forEach(r -> pids.add(r.pid()));
            return HostPs.top(pids, psArgs);
        });
    }

    @Override
    public EngineStream<ContainerStats> stats(String id, boolean stream) {
        return Errors.call(() -> {
            ContainerMeta m = meta(id);
            return new StatsStream(this, m, stream);
        });
    }

    @Override
    public PathStat statPath(String id, String path) {
        return Errors.call(() -> Archives.stat(runtime, meta(id).id(), path));
    }

    @Override
    public PathStat copyFrom(String id, String path, OutputStream tar) {
        return Errors.call(() -> {
            String cid = meta(id).id();
            PathStat stat = Archives.stat(runtime, cid, path);
            runtime.copy(cid).copyOut(path, tar);
            return stat;
        });
    }

    @Override
    public void copyTo(String id, String path, InputStream tar, boolean noOverwriteDirNonDir) {
        Errors.run(() -> runtime.copy(meta(id).id()).copyIn(path, tar));
    }

    @Override
    public PruneReport pruneContainers(Filters filters) {
        return Errors.call(() -> {
            filters.requireOnly("label", "until");
            List<String> gone = new ArrayList<>();
            for (ContainerMeta m : List.copyOf(containers.values())) {
                if (!state(m.id()).isRunning() && filters.labelsMatch("label", m.request().config().labels())) {
                    removeNow(m, false);
                    gone.add(m.id());
                }
            }
            return new PruneReport(gone, 0);
        });
    }

    // ------------------------------------------------------------------ exec

    @Override
    public String createExec(String containerId, ExecCreate request) {
        return Errors.call(() -> execs.create(meta(containerId), request));
    }

    @Override
    public void startExecDetached(String execId) {
        Errors.run(() -> execs.startDetached(execId));
    }

    @Override
    public Attachment startExec(String execId, boolean tty) {
        return Errors.call(() -> execs.start(execId, tty));
    }

    @Override
    public ExecInspect inspectExec(String execId) {
        return Errors.call(() -> execs.inspect(execId));
    }

    @Override
    public void resizeExecTty(String execId, int height, int width) {
        Errors.run(() -> execs.resize(execId, height, width));
    }

    List<String> execIds(String containerId) {
        return execs.idsOf(containerId);
    }

    // ------------------------------------------------------------------ images

    @Override
    public List<ImageSummary> listImages(boolean all, Filters filters) {
        return Errors.call(() -> ImageViews.list(images, filters));
    }

    @Override
    public ImageInspect inspectImage(String ref) {
        return Errors.call(() -> ImageViews.inspect(images, image(ref)));
    }

    @Override
    public void tagImage(String ref, String repo, String tag) {
        Errors.run(() -> {
            Image img = image(ref);
            String target = repo + ":" + (tag.isEmpty() ? "latest" : tag);
            images.tag(img.id(), target);
            events.publish(Event.of("image", "tag", img.id(), Map.of("name", target)));
        });
    }

    private boolean inUse(String imageId) {
        return containers.values().stream().anyMatch(m -> m.imageId().equals(imageId));
    }

    @Override
    public List<ImageDeleteEntry> removeImage(String ref, boolean force, boolean noPrune) {
        return Errors.call(() -> {
            Image img = image(ref);
            if (inUse(img.id()) && !force && img.repoTags().size() <= 1) {
                String user = containers.values().stream().filter(m -> m.imageId().equals(img.id())).findFirst()
                        .map(ContainerMeta::id).orElse("");
                throw new EngineException.Conflict("conflict: unable to remove repository reference \"" + ref
                        + "\" (must force) - container " + user.substring(0, Math.min(12, user.length()))
                        + " is using its referenced image " + img.shortId());
            }
            var result = images.remove(ref, force, this::inUse);
            List<ImageDeleteEntry> out = new ArrayList<>();
            result.untagged().forEach(t -> out.add(ImageDeleteEntry.untagged(t)));
            result.deleted().forEach(d -> out.add(ImageDeleteEntry.deleted(d)));
            result.untagged().forEach(t -> events.publish(Event.of("image", "untag", img.id(), Map.of("name", t))));
            result.deleted().forEach(d -> events.publish(Event.of("image", "delete", d, Map.of("name", ref))));
            return out;
        });
    }

    @Override
    public List<String> loadImages(InputStream archive) {
        return Errors.call(() -> {
            List<String> lines = new ArrayList<>();
            for (Image img : images.load(archive)) {
                if (img.repoTags().isEmpty()) {
                    lines.add("Loaded image ID: " + img.id());
                }
                for (String t : img.repoTags()) {
                    lines.add("Loaded image: " + t);
                }
                events.publish(Event.of("image", "load", img.id(), Map.of("name", img.repoTags().isEmpty() ? img.id()
                        : img.repoTags().get(0))));
            }
            return lines;
        });
    }

    @Override
    public void saveImages(List<String> refs, OutputStream archive) {
        Errors.run(() -> images.save(refs, archive));
    }

    @Override
    public String commitContainer(io.jcompose.engine.api.ContainerCommit request) {
        return Errors.call(() -> ContainerCommit.commit(this, request));
    }

    @Override
    public List<ImageHistoryEntry> imageHistory(String ref) {
        return Errors.call(() -> ImageViews.history(images, image(ref)));
    }

    @Override
    public PruneReport pruneImages(Filters filters) {
        return Errors.call(() -> {
            filters.requireOnly("dangling", "label", "until");
            boolean all = filters.first("dangling").map(d -> d.equals("false") || d.equals("0")).orElse(false);
            var result = images.prune(all, this::inUse);
            return new PruneReport(result.deleted(), result.reclaimedBytes());
        });
    }

    // ------------------------------------------------------------------ networks and volumes

    private static EngineException notYet(String what) {
        return new EngineException(501, what + " is not supported by the jcompose engine yet");
    }

    private static boolean predefined(String name) {
        return name.equals("bridge") || name.equals("host") || name.equals("none");
    }

    @Override
    public CreatedId createNetwork(NetworkCreate request) {
        return Errors.call(() -> {
            if (predefined(request.name())) {
                throw new EngineException(403, "operation is not permitted on predefined " + request.name() + " network");
            }
            io.jcompose.network.Network n = network.create(request);
            events.publish(Event.of("network", "create", n.id(), Map.of("name", n.name(), "type", n.driver())));
            return new CreatedId(n.id(), List.of());
        });
    }

    private List<Network> allNetworks() {
        List<Network> out = new ArrayList<>();
        network.networking().list().forEach(n -> out.add(network.view(n)));
        SystemViews.predefinedNetworks().stream().filter(n -> !n.name().equals("bridge")).forEach(out::add);
        return out;
    }

    @Override
    public List<Network> listNetworks(Filters filters) {
        return Errors.call(() -> {
            filters.requireOnly("name", "id", "label", "driver", "scope", "type", "dangling");
            return allNetworks().stream()
                    .filter(n -> !filters.has("name") || filters.get("name").stream().anyMatch(n.name()::contains))
                    .filter(n -> !filters.has("id") || filters.get("id").stream().anyMatch(n.id()::startsWith))
                    .filter(n -> !filters.has("driver") || filters.get("driver").contains(n.driver()))
                    .filter(n -> filters.labelsMatch("label", n.labels())).toList();
        });
    }

    @Override
    public Network inspectNetwork(String id) {
        return Errors.call(() -> allNetworks().stream().filter(n -> n.name().equals(id) || n.id().equals(id))
                .findFirst().or(() -> allNetworks().stream().filter(n -> n.id().startsWith(id)).findFirst())
                .orElseThrow(() -> new EngineException.NotFound("network " + id + " not found")));
    }

    @Override
    public void removeNetwork(String id) {
        Errors.run(() -> {
            Network n = inspectNetwork(id);
            if (predefined(n.name())) {
                throw new EngineException(403, n.name() + " is a pre-defined network and cannot be removed");
            }
            network.networking().remove(n.id());
            events.publish(Event.of("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver())));
        });
    }

    @Override
    public void connectNetwork(String net, String container, EndpointSettings endpoint) {
        Errors.run(() -> {
            Network n = inspectNetwork(net);
            if (predefined(n.name()) && !n.name().equals("bridge")) {
                throw new EngineException.BadRequest("container cannot be connected to network " + n.name());
            }
            ContainerMeta m = meta(container);
            if (NetworkWiring.hostMode(m.request().hostConfig()) || SharedNetwork.target(m.request().hostConfig()).isPresent()) {
                throw new EngineException.BadRequest("container sharing network namespace with another container or host "
                        + "cannot be connected to any other network");
            }
            if (NetworkWiring.noneMode(m.request().hostConfig())) {
                throw new EngineException.BadRequest("container cannot be connected to multiple networks with one of the "
                        + "networks in private (none) mode");
            }
            Map<String, EndpointSettings> eps = new java.util.LinkedHashMap<>(m.request().networkingConfig().endpointsConfig());
            eps.put(n.name(), endpoint);
            ContainerCreate changed = m.request().withNetworkingConfig(new io.jcompose.engine.api.NetworkingConfig(eps));
            if (state(m.id()).isRunning()) {
                network.connectRunning(m, n.name(), endpoint, runtime.spec(m.id()).hostname());
            }
            change(m.id(), old -> new ContainerMeta(old.id(), old.name(), changed, old.imageId(), old.created(),
                    old.mounts(), old.manuallyStopped(), old.policyRestarts(), old.health()));
            events.publish(Event.of("network", "connect", n.id(), Map.of("name", n.name(), "container", m.id())));
        });
    }

    @Override
    public void disconnectNetwork(String net, String container, boolean force) {
        Errors.run(() -> {
            Network n = inspectNetwork(net);
            ContainerMeta m = meta(container);
            if (n.name().equals("none") && NetworkWiring.noneMode(m.request().hostConfig())) {
                // Docker lets it go and then connects the namespace to other networks; here none stays private
                throw new EngineException.BadRequest("container " + m.name() + " keeps its private (none) network: "
                        + "disconnecting it from none is not supported by the jcompose engine");
            }
            Map<String, EndpointSettings> eps = new java.util.LinkedHashMap<>(m.request().networkingConfig().endpointsConfig());
            eps.remove(n.name());
            ContainerCreate changed = m.request().withNetworkingConfig(new io.jcompose.engine.api.NetworkingConfig(eps));
            if (state(m.id()).isRunning()) {
                network.disconnectRunning(m, n.name(), runtime.spec(m.id()).hostname());
            }
            change(m.id(), old -> new ContainerMeta(old.id(), old.name(), changed, old.imageId(), old.created(),
                    old.mounts(), old.manuallyStopped(), old.policyRestarts(), old.health()));
            events.publish(Event.of("network", "disconnect", n.id(), Map.of("name", n.name(), "container", m.id())));
        });
    }

    @Override
    public PruneReport pruneNetworks(Filters filters) {
        return Errors.call(() -> {
            filters.requireOnly("label", "until");
            java.util.Set<String> used = new java.util.HashSet<>();
            for (ContainerMeta m : containers.values()) {
                used.addAll(network.networksOf(m.request()));
            }
            List<String> gone = network.networking().prune(n -> !predefined(n.name()) && !used.contains(n.name())
                    && n.endpoints().isEmpty() && filters.labelsMatch("label", n.labels()));
            return new PruneReport(gone, 0);
        });
    }

    @Override
    public Volume createVolume(VolumeCreate request) {
        throw notYet("named volumes");
    }

    @Override
    public List<Volume> listVolumes(Filters filters) {
        return List.of();
    }

    @Override
    public Volume inspectVolume(String name) {
        throw new EngineException.NotFound("get " + name + ": no such volume");
    }

    @Override
    public void removeVolume(String name, boolean force) {
        throw new EngineException.NotFound("get " + name + ": no such volume");
    }

    @Override
    public PruneReport pruneVolumes(Filters filters) {
        return new PruneReport(List.of(), 0);
    }

    /** Containers by creation time, newest first (docker ps order). */
    List<ContainerMeta> newestFirst() {
        List<ContainerMeta> all = new ArrayList<>(containers.values());
        all.sort(Comparator.comparing(ContainerMeta::created).reversed());
        return all;
    }
}
