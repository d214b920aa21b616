package io.jcompose.runtime.container;

import io.jcompose.runtime.bundle.OciConfig;
import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.cgroup.CgroupStats;
import io.jcompose.runtime.kernel.Kernel;
import io.jcompose.runtime.kernel.LaunchException;
import io.jcompose.runtime.kernel.LaunchSpec;
import io.jcompose.runtime.kernel.Launched;
import io.jcompose.runtime.kernel.Signal;
import io.jcompose.runtime.state.ContainerDir;
import io.jcompose.runtime.state.ContainerRecord;
import io.jcompose.runtime.state.ExitRecord;
import io.jcompose.runtime.state.RunningRecord;
import io.jcompose.runtime.state.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Containers from {@link ContainerSpec}s: create, start, stop, kill, restart, pause, remove,
 * wait, exec, top, stats, inspect. All state is on disk under {@code root/containers/<id>/};
 * the launcher's shim keeps each container running and records its exit, so a new runtime
 * over the same root re-attaches to running containers ({@link #open}).
 */
public final class ContainerRuntime {
    private static final System.Logger LOG = System.getLogger(ContainerRuntime.class.getName());
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path containers;
    private final Path socketDir;
    private final Kernel kernel;
    private final CgroupDriver cgroups;
    private final Optional<Path> initBinary;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    /** Specs as last written or read: a docker run asks for its spec over a dozen times, each parse ~0.1 ms. */
    private final ConcurrentHashMap<String, ContainerSpec> specs = new ConcurrentHashMap<>();

    private ContainerRuntime(Path root, Path socketDir, Kernel kernel, CgroupDriver cgroups, Optional<Path> initBinary) {
        this.containers = root.resolve("containers");
        this.socketDir = socketDir;
        this.kernel = kernel;
        this.cgroups = cgroups;
        this.initBinary = initBinary;
    }

    /**
     * A runtime over {@code root}; cleans half-created containers and records the exit of
     * containers whose shim died (machine crash) as 255.
     *
     * @param socketDir  a short directory for attach sockets (unix socket paths are limited to 107 bytes)
     * @param initBinary the jcompose-init binary for {@code init: true}, if built
     */
    public static ContainerRuntime open(Path root, Path socketDir, Kernel kernel, CgroupDriver cgroups,
                                        Optional<Path> initBinary) {
        ContainerRuntime r = new ContainerRuntime(root, socketDir, kernel, cgroups, initBinary);
        r.recover();
        return r;
    }

    private void recover() {
        try {
            Files.createDirectories(containers);
            Files.createDirectories(socketDir);
            try (Stream<Path> s = Files.list(containers)) {
                for (Path d : s.toList()) {
                    String name = d.getFileName().toString();
                    if (name.startsWith(".tmp-") || !complete(dir(name))) {
                        LOG.log(Level.INFO, "removing half-created container {0}", name);
                        Trees.deleteRecursively(d);
                    } else {
                        synchronized (lock(name)) {
                            reconcileExit(name, dir(name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the container state under " + containers, e);
        }
    }

    /**
     * Whether a container directory has a readable spec and record: create writes them without fsync (the
     * directory's rename publishes them, which a killed engine cannot tear), so after a machine crash they
     * may be empty, and such a container counts as half-created.
     */
    private static boolean complete(ContainerDir d) {
        try {
            return StateFiles.read(d.spec(), ContainerSpec.class).isPresent()
                    && StateFiles.read(d.state(), ContainerRecord.class).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The on-disk layout of a container. */
    public ContainerDir dir(String id) {
        return new ContainerDir(containers.resolve(id), socketDir);
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private static String cgroupName(String id) {
        return "jcompose/" + id;
    }

    /** Creates the container's files (no process yet); the container is "created". */
    public ContainerState create(ContainerSpec spec) {
        synchronized (lock(spec.id())) {
            ContainerDir d = dir(spec.id());
            if (Files.exists(d.dir())) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "container id " + spec.id() + " is already in use");
            }
            Path tmp = containers.resolve(".tmp-" + spec.id());
            try {
                Files.createDirectories(tmp);
                ContainerDir t = new ContainerDir(tmp, socketDir);
                for (Path p : List.of(t.rootfs(), t.execs(), upper(spec, t), work(spec, t))) {
                    Files.createDirectories(p);
                }
                // files of a directory that is not in place yet: the rename below publishes them all at once
                StateFiles.writeNew(t.spec(), spec);
                StateFiles.writeNew(t.state(), new ContainerRecord(Instant.now().toString(), false, 0, ""));
                Files.write(t.config(), OciConfig.json(spec, "rootfs"));
                Files.move(tmp, d.dir(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                specs.put(spec.id(), spec);
            } catch (IOException | RuntimeException e) {
                try {
                    Trees.deleteRecursively(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw new ContainerException(ContainerException.Kind.FAILED,
                        "container \"" + spec.name() + "\": cannot create its files: " + e.getMessage(), e);
            }
            return inspect(spec.id());
        }
    }

    private static Path upper(ContainerSpec spec, ContainerDir d) {
        return spec.rwDir().orElse(d.dir()).resolve("upper");
    }

    private static Path work(ContainerSpec spec, ContainerDir d) {
        return spec.rwDir().orElse(d.dir()).resolve("work");
    }

    /**
     * The container's overlay upper directory: everything it changed in its rootfs (the
     * image builder turns it into a layer after a RUN step; whiteouts are overlayfs ones).
     */
    public Path upperDir(String id) {
        return upper(spec(id), dir(id));
    }

    /** The spec a container was created with. */
    public ContainerSpec spec(String id) {
        ContainerDir d = dir(id);
        ContainerSpec known = specs.get(id);
        // the directory still there: a removed container is not found, as when the file was read each time
        if (known != null && Files.isDirectory(d.dir())) {
            return known;
        }
        ContainerSpec read = StateFiles.read(d.spec(), ContainerSpec.class).orElseThrow(() -> ContainerException.notFound(id));
        specs.put(id, read);
        return read;
    }

    /** Ids of all containers, sorted. */
    public List<String> list() {
        try (Stream<Path> s = Files.list(containers)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a created or exited container; a running one is left alone. */
    public ContainerState start(String id) {
        return start(id, false);
    }

    /**
     * Starts a created or exited container; a running one is left alone.
     *
     * @param byRestartPolicy the engine's restart supervisor starts it again: counts in
     *                        RestartCount (manual starts and restarts do not, as in Docker)
     */
    public ContainerState start(String id, boolean byRestartPolicy) {
        synchronized (lock(id)) {
            ContainerSpec spec = spec(id);
            ContainerDir d = dir(id);
            ContainerState before = inspect(id);
            if (before.isRunning()) {
                return before;
            }
            cleanupAfterExit(id);
            deleteIfExists(d.running());
            deleteIfExists(d.exit());
            String group = cgroupName(id);
            cgroups.create(group, spec.resources());
            LaunchSpec ls = LaunchSpecs.run(spec, d.rootfs(), upper(spec, d), work(spec, d),
                    wiring(d.dir(), Optional.of(d.log()), d.attachSocket(), group), initBinary, namespaceJoins(spec));
            ContainerRecord rec = record(id);
            try {
                kernel.launch(ls);
            } catch (LaunchException e) {
                try {
                    cgroups.killAll(group, KILL_WAIT);
                    cgroups.remove(group);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                StateFiles.write(d.state(), rec.withError(e.getMessage()));
                throw new ContainerException(ContainerException.Kind.FAILED,
                        "container \"" + spec.name() + "\" (" + id.substring(0, 12) + "): " + e.getMessage(), e);
            }
            ContainerRecord started = rec.withError("").withPaused(false)
                    .withRestartCount(rec.restartCount() + (byRestartPolicy ? 1 : 0));
            if (!started.equals(rec)) {
                StateFiles.write(d.state(), started);
            }
            return inspect(id);
        }
    }

    /**
     * The running containers whose PID, IPC or network namespace spec joins; one that is not running is a conflict
     * (Docker's "cannot join PID", "IPC", "network of a non running container").
     */
    private List<LaunchSpecs.NamespaceJoin> namespaceJoins(ContainerSpec spec) {
        List<LaunchSpecs.NamespaceJoin> joins = new ArrayList<>();
        for (String ns : LaunchSpecs.NamespaceJoin.KINDS) {
            NamespaceMode mode = spec.namespaces().joinable(ns);
            if (mode.kind() != NamespaceMode.Kind.CONTAINER) {
                continue;
            }
            String target = mode.container();
            Optional<RunningRecord> run = Files.exists(dir(target).dir())
                    ? StateFiles.read(dir(target).running(), RunningRecord.class) : Optional.empty();
            if (run.isEmpty() || !inspect(target).isRunning()) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "cannot join "
                        + (ns.equals("net") ? "network" : ns.toUpperCase()) + " of a non running container: " + target);
            }
            joins.add(new LaunchSpecs.NamespaceJoin(ns, run.get().pid(), run.get().startTicks()));
        }
        return joins;
    }

    private LaunchSpecs.Wiring wiring(Path stateDir, Optional<Path> log, Path socket, String group) {
        List<Path> procs = cgroups.procsFiles(group);
        Optional<Path> oom = procs.stream().map(Path::getParent)
                .flatMap(p -> Stream.of(p.resolve("memory.events"), p.resolve("memory.oom_control")))
                .filter(Files::exists).findFirst();
        Optional<Path> devices = procs.stream().map(Path::getParent)
                .filter(p -> Files.exists(p.resolve("devices.allow"))).findFirst();
        // cgroup v2 has no devices files: the allow-list is a BPF program on the group
        Optional<Path> bpf = cgroups.version().equals("v2") && !procs.isEmpty()
                ? Optional.of(procs.get(0).getParent()) : Optional.empty();
        return new LaunchSpecs.Wiring(stateDir, log, socket, procs, oom, Optional.of(containers.resolveSibling("seccomp")),
                devices, bpf);
    }

    /** The container's state, as inspect shows it. */
    public ContainerState inspect(String id) {
        synchronized (lock(id)) {
            ContainerDir d = dir(id);
            ContainerSpec spec = spec(id);
            ContainerRecord rec = record(id);
            reconcileExit(id, d);
            Optional<RunningRecord> run = StateFiles.read(d.running(), RunningRecord.class);
            Optional<ExitRecord> exit = StateFiles.read(d.exit(), ExitRecord.class);
            ContainerStatus status;
            if (run.isEmpty()) {
                status = exit.isPresent() ? ContainerStatus.EXITED : ContainerStatus.CREATED;
            } else if (exit.isPresent()) {
                status = ContainerStatus.EXITED;
            } else {
                status = rec.paused() ? ContainerStatus.PAUSED : ContainerStatus.RUNNING;
            }
            int pid = status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED ? run.get().pid() : 0;
            return new ContainerState(id, spec.name(), status, pid, exit.map(ExitRecord::exitCode).orElse(0),
                    exit.map(ExitRecord::oomKilled).orElse(false), rec.createdAt(),
                    run.map(RunningRecord::startedAt), exit.map(ExitRecord::finishedAt), rec.restartCount(),
                    rec.error());
        }
    }

    /** A shim that died without writing exit.json (killed, machine crash) means exit code 255. */
    private void reconcileExit(String id, ContainerDir d) {
        Optional<RunningRecord> run = StateFiles.read(d.running(), RunningRecord.class);
        if (run.isEmpty() || Files.exists(d.exit())) {
            return;
        }
        RunningRecord r = run.get();
        if (kernel.isAlive(r.pid(), r.startTicks()) || kernel.isAlive(r.shimPid(), 0)) {
            return;
        }
        if (Files.exists(d.exit())) {
            return;
        }
        LOG.log(Level.WARNING, "container {0}: its monitor is gone; recording exit code 255", id);
        StateFiles.write(d.exit(), new ExitRecord(255, 0, false, Instant.now().toString()));
    }

    private ContainerRecord record(String id) {
        return StateFiles.read(dir(id).state(), ContainerRecord.class).orElseThrow(() -> ContainerException.notFound(id));
    }

    private ContainerState requireRunning(String id) {
        ContainerState s = inspect(id);
        if (!s.isRunning()) {
            throw new ContainerException(ContainerException.Kind.CONFLICT, "container " + id.substring(0, 12) + " is not running");
        }
        return s;
    }

    /** Sends a signal to the container's PID 1. */
    public void kill(String id, Signal signal) {
        synchronized (lock(id)) {
            ContainerState s = requireRunning(id);
            kernel.signal(s.pid(), signal);
            if (s.status() == ContainerStatus.PAUSED && signal.number() == Signal.KILL.number()) {
                unpause(id);
            }
        }
    }

    /**
     * Stops the container: its stop signal, up to {@code grace} for it to exit, then SIGKILL.
     * A container that is not running is left as it is.
     */
    public ContainerState stop(String id, Duration grace) {
        ContainerState s = inspect(id);
        if (!s.isRunning()) {
            return s;
        }
        Signal first = Signal.parse(spec(id).stopSignal());
        synchronized (lock(id)) {
            kernel.signal(s.pid(), first);
            if (s.status() == ContainerStatus.PAUSED) {
                unpause(id);
            }
        }
        if (awaitExit(id, grace).isEmpty()) {
            synchronized (lock(id)) {
                if (inspect(id).isRunning()) {
                    kernel.signal(s.pid(), Signal.KILL);
                }
            }
            if (awaitExit(id, KILL_WAIT).isEmpty()) {
                throw new ContainerException(ContainerException.Kind.FAILED,
                        "container " + id.substring(0, 12) + " did not exit after SIGKILL");
            }
        }
        synchronized (lock(id)) {
            cleanupAfterExit(id);
            return inspect(id);
        }
    }

    /** Stop (with grace) then start. */
    public ContainerState restart(String id, Duration grace) {
        stop(id, grace);
        return start(id);
    }

    /** Freezes every process of the container. */
    public void pause(String id) {
        synchronized (lock(id)) {
            ContainerState s = requireRunning(id);
            if (s.status() == ContainerStatus.PAUSED) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "container " + id.substring(0, 12) + " is already paused");
            }
            cgroups.freeze(cgroupName(id), true);
            StateFiles.write(dir(id).state(), record(id).withPaused(true));
        }
    }

    /** Thaws a paused container. */
    public void unpause(String id) {
        synchronized (lock(id)) {
            if (!record(id).paused()) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "container " + id.substring(0, 12) + " is not paused");
            }
            cgroups.freeze(cgroupName(id), false);
            StateFiles.write(dir(id).state(), record(id).withPaused(false));
        }
    }

    /**
     * Waits until the container has exited, at most {@code timeout}.
     *
     * @return its exit record, empty on timeout
     */
    public Optional<ExitRecord> awaitExit(String id, Duration timeout) {
        ContainerDir d = dir(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; ; round++) {
            Optional<ExitRecord> exit;
            synchronized (lock(id)) {
                spec(id);
                reconcileExit(id, d);
                exit = StateFiles.read(d.exit(), ExitRecord.class);
            }
            if (exit.isPresent()) {
                synchronized (lock(id)) {
                    cleanupAfterExit(id);
                }
                return exit;
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            sleep(pollInterval(round));
        }
    }

    /** After PID 1 is gone: kill anything left in the cgroup and remove it. Idempotent. */
    private void cleanupAfterExit(String id) {
        String group = cgroupName(id);
        List<Integer> left = cgroups.killAll(group, pid -> kernel.signal(pid, Signal.KILL), KILL_WAIT);
        if (!left.isEmpty()) {
            throw new ContainerException(ContainerException.Kind.FAILED,
                    "container " + id.substring(0, 12) + ": processes " + left + " survive SIGKILL");
        }
        cgroups.remove(group);
        ContainerRecord rec = record(id);
        if (rec.paused()) {
            StateFiles.write(dir(id).state(), rec.withPaused(false));
        }
    }

    /**
     * Removes the container with its upper dir, cgroup and files.
     *
     * @param force kill it first if it runs; otherwise a running container is a conflict
     */
    public void remove(String id, boolean force) {
        remove(id, force, Runnable::run);
    }

    /**
     * As {@link #remove(String, boolean)}, handing the deletion of the container's files to {@code reaper}:
     * they are renamed out of the runtime's view first, and {@link #open} deletes whatever a crash left, so
     * the caller may answer before the tree is gone.
     */
    public void remove(String id, boolean force, java.util.concurrent.Executor reaper) {
        ContainerState s = inspect(id);
        if (s.isRunning()) {
            if (!force) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "cannot remove container " + id.substring(0, 12)
                        + ": container is running: stop the container before removing or force remove");
            }
            kill(id, Signal.KILL);
            if (awaitExit(id, KILL_WAIT).isEmpty()) {
                throw new ContainerException(ContainerException.Kind.FAILED, "container " + id.substring(0, 12) + " did not die");
            }
        }
        synchronized (lock(id)) {
            ContainerSpec spec = spec(id);
            ContainerDir d = dir(id);
            cleanupAfterExit(id);
            try {
                kernel.unmount(d.rootfs());
                deleteIfExists(d.attachSocket());
                deleteIfExists(d.attachSocket().resolveSibling(d.attachSocket().getFileName() + ".ctl"));
                Path tomb = containers.resolve(".tmp-" + id);
                Files.move(d.dir(), tomb, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                if (spec.rwDir().isPresent()) {
                    Trees.deleteRecursively(spec.rwDir().get().resolve("upper"));
                    Trees.deleteRecursively(spec.rwDir().get().resolve("work"));
                }
                reaper.execute(() -> {
                    try {
                        Trees.deleteRecursively(tomb);
                    } catch (IOException e) {
                        LOG.log(Level.WARNING, "container {0}: cannot delete its files: {1}", id, e.getMessage());
                    }
                });
            } catch (IOException e) {
                throw new ContainerException(ContainerException.Kind.FAILED,
                        "container " + id.substring(0, 12) + ": cannot remove its files: " + e.getMessage(), e);
            }
            locks.remove(id);
            specs.remove(id);
        }
    }

    /** Resource usage from the cgroup. */
    public CgroupStats stats(String id) {
        requireRunning(id);
        return cgroups.stats(cgroupName(id));
    }

    /** The container's processes (host pids), sorted by pid. */
    public List<ProcessRow> top(String id) {
        requireRunning(id);
        List<ProcessRow> rows = new ArrayList<>();
        for (int pid : cgroups.pids(cgroupName(id))) {
            ProcInfo.read(pid).ifPresent(rows::add);
        }
        return rows;
    }

    /** Runs a new process inside the running container, joining all its namespaces and its cgroup. */
    public ExecHandle exec(String id, ProcessSpec process) {
        return exec(id, process, false);
    }

    /**
     * {@link #exec(String, ProcessSpec)}; {@code privileged} gives the process every capability
     * the engine holds and no seccomp filter ({@code docker exec --privileged}), still in the
     * container's namespaces and cgroup.
     */
    public ExecHandle exec(String id, ProcessSpec process, boolean privileged) {
        synchronized (lock(id)) {
            ContainerState s = requireRunning(id);
            if (s.status() == ContainerStatus.PAUSED) {
                throw new ContainerException(ContainerException.Kind.CONFLICT, "container " + id.substring(0, 12) + " is paused, unpause it first");
            }
            ContainerDir d = dir(id);
            String execId = Ids.random();
            Path execDir = d.exec(execId);
            try {
                Files.createDirectories(execDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path socket = d.execSocket(execId);
            long ticks = StateFiles.read(d.running(), RunningRecord.class).map(RunningRecord::startTicks).orElse(0L);
            LaunchSpec ls = LaunchSpecs.exec(spec(id), s.pid(), ticks, process, privileged,
                    wiring(execDir, Optional.empty(), socket, cgroupName(id)));
            try {
                Launched l = kernel.launch(ls);
                return new ExecHandle(id, execId, l.pid(), socket);
            } catch (LaunchException e) {
                throw new ContainerException(ContainerException.Kind.FAILED,
                        "exec in container " + id.substring(0, 12) + ": " + e.getMessage(), e);
            }
        }
    }

    /** The state of an exec started by {@link #exec}. */
    public ExecState execState(String id, String execId) {
        Path execDir = dir(id).exec(execId);
        Optional<RunningRecord> run = StateFiles.read(execDir.resolve("running.json"), RunningRecord.class);
        if (run.isEmpty()) {
            throw new ContainerException(ContainerException.Kind.NOT_FOUND, "no such exec instance: " + execId);
        }
        Optional<ExitRecord> exit = StateFiles.read(execDir.resolve("exit.json"), ExitRecord.class);
        boolean running = exit.isEmpty() && (kernel.isAlive(run.get().pid(), run.get().startTicks())
                || kernel.isAlive(run.get().shimPid(), 0));
        if (exit.isEmpty() && !running) {
            // the shim writes exit.json and then exits: both may have happened since the first look
            exit = StateFiles.read(execDir.resolve("exit.json"), ExitRecord.class);
        }
        return new ExecState(running, run.get().pid(),
                exit.map(e -> java.util.OptionalInt.of(e.exitCode())).orElse(java.util.OptionalInt.empty()));
    }

    /** Waits (at most timeout) for an exec to end; its exit code, empty on timeout. */
    public java.util.OptionalInt awaitExec(String id, String execId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; ; round++) {
            ExecState st = execState(id, execId);
            if (st.exitCode().isPresent()) {
                return st.exitCode();
            }
            if (!st.running()) {
                return java.util.OptionalInt.of(255);
            }
            if (System.nanoTime() > deadline) {
                return java.util.OptionalInt.empty();
            }
            sleep(pollInterval(round));
        }
    }

    /** Sets the window size of the container's TTY (docker resize; needs tty). */
    public void resize(String id, int rows, int cols) {
        requireRunning(id);
        control(dir(id).attachSocket(), "resize " + rows + " " + cols, id);
    }

    /** Sets the window size of an exec's TTY. */
    public void resizeExec(String id, String execId, int rows, int cols) {
        if (!execState(id, execId).running()) {
            throw new ContainerException(ContainerException.Kind.CONFLICT, "exec " + execId.substring(0, 12) + " is not running");
        }
        control(dir(id).execSocket(execId), "resize " + rows + " " + cols, id);
    }

    private static void control(Path attachSocket, String request, String id) {
        if (request.contains("-")) {
            throw new ContainerException(ContainerException.Kind.INVALID, "invalid size: " + request);
        }
        Path ctl = attachSocket.resolveSibling(attachSocket.getFileName() + ".ctl");
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(ctl))) {
            ch.write(java.nio.ByteBuffer.wrap((request + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(256);
            while (ch.read(reply) >= 0 && reply.hasRemaining()) {
                // read to the end of the one-line reply
            }
            String text = new String(reply.array(), 0, reply.position(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            if (!text.equals("ok")) {
                throw new ContainerException(ContainerException.Kind.CONFLICT,
                        "container " + id.substring(0, 12) + ": " + text.replaceFirst("^error: ", ""));
            }
        } catch (IOException e) {
            throw new ContainerException(ContainerException.Kind.FAILED,
                    "container " + id.substring(0, 12) + ": its monitor does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Changes the cgroup limits of a container (docker update); kept in its spec for the next
     * start.
     */
    public void update(String id, io.jcompose.runtime.cgroup.CgroupResources resources) {
        synchronized (lock(id)) {
            ContainerSpec spec = spec(id).withResources(resources);
            if (inspect(id).isRunning()) {
                cgroups.update(cgroupName(id), resources);
            }
            StateFiles.write(dir(id).spec(), spec);
            specs.put(id, spec);
        }
    }

    /** The container's attach socket while it runs (see docs/runtime.md). */
    public Path attachSocket(String id) {
        requireRunning(id);
        return dir(id).attachSocket();
    }

    /**
     * Where the attach socket of a container that is not running would be: a shim whose process ended before any
     * client connected keeps serving its unseen output there for a while (see docs/runtime.md).
     */
    public Path lastAttachSocket(String id) {
        spec(id);
        return dir(id).attachSocket();
    }

    /** The log reader of this container. */
    public ContainerLogs logs(String id) {
        spec(id);
        return new ContainerLogs(dir(id).log(), () -> inspect(id).isRunning());
    }

    /** Copy in and out of this container's file system. */
    public ContainerCopy copy(String id) {
        spec(id);
        return new ContainerCopy(this, id);
    }

    // package-private for ContainerCopy
    Kernel kernel() {
        return kernel;
    }

    CgroupDriver cgroups() {
        return cgroups;
    }

    Object lockOf(String id) {
        return lock(id);
    }

    /**
     * How long a wait for an exit sleeps before it looks again: 1 ms at first (a short-lived
     * process is usually recorded within a few ms of its start), 5 ms after the first 20 ms.
     */
    static Duration pollInterval(int round) {
        return Duration.ofMillis(round < 20 ? 1 : 5);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(ContainerException.Kind.FAILED, "interrupted");
        }
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
