package io.jcompose.engine.local;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.ExecCreate;
import io.jcompose.engine.api.ExecInspect;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ExecHandle;
import io.jcompose.runtime.container.ExecState;
import io.jcompose.runtime.container.ImageUsers;
import io.jcompose.runtime.container.Ids;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.container.ResolvedUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Exec instances: created with an id, started once (detached or attached), inspected for their exit code. */
final class Execs {
    private final LocalEngine engine;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final String id;
        final String containerId;
        final ExecCreate request;
        volatile ExecHandle handle;

        Entry(String id, String containerId, ExecCreate request) {
            this.id = id;
            this.containerId = containerId;
            this.request = request;
        }
    }

    Execs(LocalEngine engine) {
        this.engine = engine;
    }

    String create(ContainerMeta m, ExecCreate request) {
        if (request.cmd().isEmpty()) {
            throw new EngineException.BadRequest("No exec command specified");
        }
        var s = engine.state(m.id());
        if (!s.isRunning()) {
            throw new EngineException.Conflict("Container " + m.id() + " is not running");
        }
        if (s.status() == io.jcompose.runtime.container.ContainerStatus.PAUSED) {
            throw new EngineException.Conflict("Container " + m.id() + " is paused, unpause the container before exec");
        }
        String id = Ids.random();
        entries.put(id, new Entry(id, m.id(), request));
        engine.emit("exec_create: " + String.join(" ", request.cmd()), m, Map.of("execID", id));
        return id;
    }

    private Entry entry(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new EngineException.NotFound("No such exec instance: " + id);
        }
        return e;
    }

    private ExecHandle launch(Entry e, boolean tty) {
        synchronized (e) {
            if (e.handle != null) {
                throw new EngineException.Conflict("Error: Exec command " + e.id + " is already running");
            }
            ContainerSpec spec = engine.runtime.spec(e.containerId);
            ProcessSpec base = spec.process();
            Map<String, String> env = new LinkedHashMap<>();
            for (List<String> src : List.of(base.env(), e.request.env())) {
                for (String kv : src) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
            if (tty) {
                env.putIfAbsent("TERM", "xterm");
            }
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            ProcessSpec p = new ProcessSpec(e.request.cmd(), envList,
                    e.request.workingDir().isEmpty() ? base.cwd() : e.request.workingDir(), base.uid(), base.gid(),
                    base.groups(), tty, e.request.attachStdin(), true);
            if (tty && !e.request.consoleSize().isEmpty()) {
                p = p.withConsoleSize(e.request.consoleSize().get(0), e.request.consoleSize().get(1));
            }
            if (!e.request.user().isEmpty()) {
                ResolvedUser u = ImageUsers.of(spec.lowerDirs()).resolve(e.request.user(), List.of());
                p = p.withUser(u.uid(), u.gid(), u.groups());
            }
            e.handle = engine.runtime.exec(e.containerId, p, e.request.privileged());
            engine.emit("exec_start: " + String.join(" ", e.request.cmd()), engine.meta(e.containerId),
                    Map.of("execID", e.id));
            return e.handle;
        }
    }

    void startDetached(String id) {
        launch(entry(id), entry(id).request.tty());
    }

    Attachment start(String id, boolean tty) {
        Entry e = entry(id);
        ExecHandle h = launch(e, tty);
        Optional<SocketAttachment> connected = SocketAttachment.connect(h.attachSocket(), tty,
                () -> engine.runtime.execState(e.containerId, h.execId()).exitCode().isPresent());
        if (connected.isEmpty()) {
            return ended(tty);
        }
        SocketAttachment a = connected.get();
        if (!e.request.attachStdin()) {
            try {
                a.stdin().close();
            } catch (java.io.IOException ignored) {
                // the exec reads no stdin
            }
        }
        return a;
    }

    /** The attachment of an exec that ended before it could be reached: no output, stdin discarded. */
    private static Attachment ended(boolean tty) {
        return new Attachment() {
            @Override
            public boolean tty() {
                return tty;
            }

            @Override
            public java.io.OutputStream stdin() {
                return java.io.OutputStream.nullOutputStream();
            }

            @Override
            public io.jcompose.engine.api.EngineStream<io.jcompose.engine.api.LogEntry> output() {
                return new io.jcompose.engine.api.EngineStream<>() {
                    @Override
                    public Optional<io.jcompose.engine.api.LogEntry> next() {
                        return Optional.empty();
                    }

                    @Override
                    public void close() {
                        // nothing open
                    }
                };
            }

            @Override
            public void close() {
                // nothing open
            }
        };
    }

    void resize(String id, int height, int width) {
        Entry e = entry(id);
        if (e.handle == null || !e.request.tty()) {
            return;
        }
        try {
            engine.runtime.resizeExec(e.containerId, e.handle.execId(), height, width);
        } catch (io.jcompose.runtime.container.ContainerException ex) {
            if (ex.kind() != io.jcompose.runtime.container.ContainerException.Kind.CONFLICT) {
                throw ex;
            }
            // the exec ended meanwhile: nothing to resize
        }
    }

    ExecInspect inspect(String id) {
        Entry e = entry(id);
        boolean running = false;
        Optional<Integer> exit = Optional.empty();
        int pid = 0;
        if (e.handle != null) {
            ExecState s = engine.runtime.execState(e.containerId, e.handle.execId());
            running = s.running();
            pid = s.pid();
            if (s.exitCode().isPresent()) {
                exit = Optional.of(s.exitCode().getAsInt());
            } else if (!running) {
                exit = Optional.of(engine.runtime.awaitExec(e.containerId, e.handle.execId(),
                        java.time.Duration.ofSeconds(2)).orElse(255));
            }
        }
        List<String> cmd = e.request.cmd();
        return new ExecInspect(id, running, exit, new ExecInspect.ProcessConfig(e.request.tty(), cmd.get(0),
                cmd.subList(1, cmd.size()), e.request.privileged(), e.request.user()), e.request.attachStdin(), e.request.attachStdout(),
                e.request.attachStderr(), e.containerId, pid, false, "");
    }

    List<String> idsOf(String containerId) {
        return entries.values().stream().filter(e -> e.containerId.equals(containerId)).map(e -> e.id).sorted().toList();
    }

    void forget(String containerId) {
        entries.values().removeIf(e -> e.containerId.equals(containerId));
    }
}
