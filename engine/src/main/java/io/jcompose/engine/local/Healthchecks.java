package io.jcompose.engine.local;

import io.jcompose.engine.api.Health;
import io.jcompose.engine.api.HealthConfig;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.runtime.container.ExecHandle;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.image.Image;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Docker healthchecks: {@code CMD}/{@code CMD-SHELL} probes run as execs every interval (start interval during
 * the start period), a timeout per probe, {@code retries} failures in a row make the container unhealthy;
 * the last five results and the status are in inspect, changes are {@code health_status} events.
 */
final class Healthchecks {
    private static final long DEFAULT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final int KEEP = 5;
    private static final int MAX_OUTPUT = 4096;
    private final LocalEngine engine;
    private final ScheduledExecutorService timers;
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "engine-healthcheck");
        t.setDaemon(true);
        return t;
    });

    Healthchecks(LocalEngine engine, ScheduledExecutorService timers) {
        this.engine = engine;
        this.timers = timers;
    }

    /** The healthcheck in effect: the container's, else the image's; empty for none or NONE. */
    Optional<HealthConfig> config(ContainerMeta m) {
        Optional<HealthConfig> own = m.request().config().healthcheck();
        Optional<HealthConfig> img = engine.images.find(m.imageId()).map(Image::config)
                .flatMap(c -> c.healthcheck()).map(h -> new HealthConfig(h.test(), h.interval().toNanos(),
                        h.timeout().toNanos(), h.startPeriod().toNanos(), h.startInterval().toNanos(), h.retries()));
        Optional<HealthConfig> eff = own.filter(h -> !h.test().isEmpty()).or(() -> img);
        return eff.filter(h -> !h.test().isEmpty() && !h.test().get(0).equals("NONE"));
    }

    void watch(ContainerMeta m) {
        Optional<HealthConfig> cfg = config(m);
        if (cfg.isEmpty()) {
            return;
        }
        engine.change(m.id(), old -> old.withHealth(Optional.of(new Health("starting", 0, List.of()))));
        Instant started = Instant.now();
        next(m.id(), cfg.get(), started);
    }

    private void next(String id, HealthConfig c, Instant started) {
        long interval = c.interval() > 0 ? c.interval() : DEFAULT_NANOS;
        boolean inStart = Duration.between(started, Instant.now()).toNanos() < c.startPeriod();
        long delay = inStart && c.startInterval() > 0 ? c.startInterval() : interval;
        scheduled.put(id, timers.schedule(() -> {
            probes.execute(() -> {
                probe(id, c, started);
                if (scheduled.containsKey(id)) {
                    next(id, c, started);
                }
            });
        }, delay, TimeUnit.NANOSECONDS));
    }

    void unwatch(String id) {
        ScheduledFuture<?> f = scheduled.remove(id);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void probe(String id, HealthConfig c, Instant started) {
        ContainerMeta m = engine.containers.get(id);
        if (m == null || !engine.state(id).isRunning()) {
            return;
        }
        List<String> test = c.test();
        List<String> args = test.get(0).equals("CMD-SHELL") ? List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())))
                : test.get(0).equals("CMD") ? test.subList(1, test.size()) : test;
        Instant begin = Instant.now();
        int exit;
        String output;
        try {
            var base = engine.runtime.spec(id).process();
            ExecHandle h = engine.runtime.exec(id, new ProcessSpec(args, base.env(), base.cwd(), base.uid(), base.gid(),
                    base.groups(), false, false, false));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Optional<SocketAttachment> conn = SocketAttachment.connect(h.attachSocket(), false,
                    () -> engine.runtime.execState(id, h.execId()).exitCode().isPresent());
            if (conn.isPresent()) {
                try (SocketAttachment a = conn.get()) {
                    Optional<LogEntry> e;
                    while ((e = a.output().next()).isPresent() && out.size() < MAX_OUTPUT) {
                        out.writeBytes(e.get().data());
                    }
                }
            }
            long timeout = c.timeout() > 0 ? c.timeout() : DEFAULT_NANOS;
            OptionalInt code = engine.runtime.awaitExec(id, h.execId(), Duration.ofNanos(timeout));
            exit = code.orElse(-1);
            output = code.isPresent() ? out.toString(StandardCharsets.UTF_8)
                    : "Health check exceeded timeout (" + Duration.ofNanos(timeout).toSeconds() + "s)";
        } catch (RuntimeException e) {
            exit = -1;
            output = e.getMessage();
        }
        record(id, c, started, new Health.HealthResult(begin.toString(), Instant.now().toString(), exit,
                output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) : output));
    }

    private void record(String id, HealthConfig c, Instant started, Health.HealthResult r) {
        ContainerMeta m = engine.containers.get(id);
        if (m == null) {
            return;
        }
        Health h = m.health().orElse(new Health("starting", 0, List.of()));
        List<Health.HealthResult> log = new ArrayList<>(h.log());
        log.add(r);
        while (log.size() > KEEP) {
            log.remove(0);
        }
        int retries = c.retries() > 0 ? c.retries() : 3;
        boolean inStart = Duration.between(started, Instant.now()).toNanos() < c.startPeriod();
        String status = h.status();
        int streak = h.failingStreak();
        if (r.exitCode() == 0) {
            status = "healthy";
            streak = 0;
        } else if (!inStart || status.equals("healthy")) {
            streak++;
            if (streak >= retries) {
                status = "unhealthy";
            }
        }
        Health updated = new Health(status, streak, log);
        engine.change(id, old -> old.withHealth(Optional.of(updated)));
        if (!status.equals(h.status())) {
            engine.emit("health_status: " + status, m, Map.of());
        }
    }
}
