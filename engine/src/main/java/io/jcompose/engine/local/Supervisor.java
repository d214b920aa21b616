package io.jcompose.engine.local;

import io.jcompose.engine.api.RestartPolicy;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.runtime.container.ContainerState;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches running containers for their exit (the shim's exit record appears), then: emits {@code die},
 * answers waiters, removes {@code AutoRemove} containers and applies restart policies with Docker's back-off
 * (100 ms doubling to 1 min, reset after 10 s of running). Healthchecks run here too.
 */
final class Supervisor implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private final LocalEngine engine;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();
    private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "engine-supervisor");
        t.setDaemon(true);
        return t;
    });
    final Healthchecks health;
    private final ExitWatch exits = new ExitWatch();
    private volatile boolean closed;

    private record Waiter(WaitCondition condition, CompletableFuture<WaitResult> future) {}

    Supervisor(LocalEngine engine) {
        this.engine = engine;
        this.health = new Healthchecks(engine, timers);
    }

    void start() {
        for (ContainerMeta m : engine.containers.values()) {
            ContainerState s = engine.runtime.inspect(m.id());
            if (s.isRunning()) {
                started(m.id(), s);
            } else {
                try {
                    engine.network.release(m.id());
                } catch (RuntimeException e) {
                    LocalEngine.LOG.log(System.Logger.Level.DEBUG, "release of {0}: {1}", m.name(), e.toString());
                }
                if (shouldRestartOnBoot(m, s)) {
                    schedule(m.id(), Duration.ZERO);
                }
            }
        }
        Thread t = new Thread(this::loop, "engine-monitor");
        t.setDaemon(true);
        t.start();
    }

    private boolean shouldRestartOnBoot(ContainerMeta m, ContainerState s) {
        RestartPolicy p = m.request().hostConfig().restartPolicy();
        return !m.manuallyStopped() && s.startedAt().isPresent()
                && (p.name().equals("always") || p.name().equals("unless-stopped"));
    }

    void started(String id, ContainerState s) {
        running.add(id);
        startedAt.put(id, Instant.now());
        Wakeups.signal(id);
        exits.watch(id, engine.runtime.dir(id).dir());
        ContainerMeta m = engine.containers.get(id);
        if (m != null) {
            health.watch(m);
        }
    }

    private void loop() {
        long lastFull = 0;
        while (!closed) {
            boolean full = System.nanoTime() - lastFull > 1_000_000_000L;
            if (full) {
                lastFull = System.nanoTime();
            }
            for (String id : List.copyOf(running)) {
                try {
                    boolean exited = Files.exists(engine.runtime.dir(id).exit())
                            || full && !engine.runtime.inspect(id).isRunning();
                    if (exited) {
                        exitedNow(id);
                    }
                } catch (RuntimeException e) {
                    LocalEngine.LOG.log(System.Logger.Level.DEBUG, "monitor: {0}: {1}", id, e.toString());
                    if (!engine.containers.containsKey(id)) {
                        running.remove(id);
                    }
                }
            }
            try {
                exits.await(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** Serialises a container's exit handling with its next start (the exit releases its network). */
    Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Handles the exit of {@code id} once (the monitor, stop and remove all call it). */
    void exitedNow(String id) {
        synchronized (lock(id)) {
            handleExit(id);
        }
    }

    private void handleExit(String id) {
        if (!running.remove(id)) {
            return;
        }
        Wakeups.signal(id);
        exits.unwatch(id);
        health.unwatch(id);
        ContainerMeta m = engine.containers.get(id);
        if (m == null) {
            return;
        }
        try {
            LocalEngine.esrchTolerant(() -> engine.runtime.awaitExit(id, Duration.ZERO));
        } catch (RuntimeException e) {
            if (!engine.runtime.list().contains(id)) {
                return; // removed meanwhile: the remover reports it
            }
            throw e;
        }
        ContainerState s = engine.runtime.inspect(id);
        engine.emit("die", m, Map.of("exitCode", String.valueOf(s.exitCode())));
        complete(id, s.exitCode(), WaitCondition.NOT_RUNNING, WaitCondition.NEXT_EXIT);
        // the waiters have their answer while the network is torn down (a veth delete alone takes the kernel
        // tens of ms); a start waits for it on lock(id). An AutoRemove container's removal releases it.
        if (!m.request().hostConfig().autoRemove()) {
            releaseNetwork(m);
        }
        if (m.request().hostConfig().autoRemove()) {
            Thread remover = new Thread(() -> {
                try {
                    // attached clients get all of the output before the log goes away with the container
                    LogStreams.awaitReaders(m.id(), Duration.ofSeconds(5));
                    engine.autoRemove(m);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LocalEngine.LOG.log(System.Logger.Level.WARNING, "auto-remove of {0} failed: {1}", m.name(), e.getMessage());
                }
            }, "auto-remove-" + m.id().substring(0, 12));
            remover.setDaemon(true);
            remover.start();
            return;
        }
        policyRestart(m, s);
    }

    void releaseNetwork(ContainerMeta m) {
        try {
            engine.network.releaseLater(m.id());
        } catch (RuntimeException e) {
            LocalEngine.LOG.log(System.Logger.Level.WARNING, "container {0}: releasing its network failed: {1}",
                    m.name(), e.getMessage());
        }
    }

    private void policyRestart(ContainerMeta m, ContainerState s) {
        RestartPolicy p = m.request().hostConfig().restartPolicy();
        if (p.isNone() || m.manuallyStopped()) {
            return;
        }
        if (p.name().equals("on-failure")) {
            if (s.exitCode() == 0 || p.maximumRetryCount() > 0 && m.policyRestarts() >= p.maximumRetryCount()) {
                return;
            }
        }
        Instant began = startedAt.getOrDefault(m.id(), Instant.now());
        Duration delay = backoff.getOrDefault(m.id(), Duration.ofMillis(100));
        if (Duration.between(began, Instant.now()).compareTo(Duration.ofSeconds(10)) >= 0) {
            delay = Duration.ofMillis(100);
        }
        backoff.put(m.id(), delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2));
        schedule(m.id(), delay);
    }

    private void schedule(String id, Duration delay) {
        timers.schedule(() -> {
            ContainerMeta m = engine.containers.get(id);
            if (m == null || m.manuallyStopped() || closed) {
                return;
            }
            try {
                if (!engine.runtime.inspect(id).isRunning()) {
                    engine.change(id, old -> old.withStopped(false, old.policyRestarts() + 1));
                    ContainerState s = engine.startNow(id);
                    engine.emit("start", m, Map.of());
                    started(id, s);
                }
            } catch (RuntimeException e) {
                LocalEngine.LOG.log(System.Logger.Level.WARNING, "restart of {0} failed: {1}", m.name(), e.getMessage());
                ContainerMeta now = engine.containers.get(id);
                RestartPolicy p = now == null ? RestartPolicy.NO : now.request().hostConfig().restartPolicy();
                boolean more = p.name().equals("always") || p.name().equals("unless-stopped")
                        || p.name().equals("on-failure") && (p.maximumRetryCount() == 0
                        || now.policyRestarts() < p.maximumRetryCount());
                if (more && !closed) {
                    Duration next = backoff.getOrDefault(id, Duration.ofMillis(100));
                    backoff.put(id, next.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next.multipliedBy(2));
                    schedule(id, next);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void removed(String id) {
        complete(id, -1, WaitCondition.REMOVED, WaitCondition.NOT_RUNNING, WaitCondition.NEXT_EXIT);
        Wakeups.forget(id);
        locks.remove(id);
        backoff.remove(id);
        startedAt.remove(id);
    }

    private void complete(String id, int code, WaitCondition... conditions) {
        List<Waiter> list = waiters.get(id);
        if (list == null) {
            return;
        }
        List<Waiter> done = new ArrayList<>();
        synchronized (list) {
            for (Waiter w : list) {
                if (List.of(conditions).contains(w.condition())) {
                    done.add(w);
                }
            }
            list.removeAll(done);
        }
        int exit = code;
        if (code < 0) {
            exit = lastExit.getOrDefault(id, 0);
        } else {
            lastExit.put(id, code);
        }
        for (Waiter w : done) {
            w.future().complete(new WaitResult(exit, Optional.empty()));
        }
    }

    private final Map<String, Integer> lastExit = new ConcurrentHashMap<>();

    CompletableFuture<WaitResult> waitFor(String id, WaitCondition condition) {
        CompletableFuture<WaitResult> f = new CompletableFuture<>();
        List<Waiter> list = waiters.computeIfAbsent(id, k -> new ArrayList<>());
        synchronized (list) {
            ContainerState s = engine.runtime.inspect(id);
            if (condition == WaitCondition.NOT_RUNNING && !s.isRunning()) {
                f.complete(new WaitResult(s.exitCode(), Optional.empty()));
                return f;
            }
            list.add(new Waiter(condition, f));
        }
        return f;
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        exits.close();
    }
}
