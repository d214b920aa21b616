package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerStats;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.runtime.cgroup.CgroupStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker stats}: a sample from the container's cgroup now (one-shot) or every second while it runs,
 * each carrying the previous one as {@code precpu_stats} and the host's CPU time as {@code system_cpu_usage}.
 */
final class StatsStream implements EngineStream<ContainerStats> {
    private final LocalEngine engine;
    private final ContainerMeta meta;
    private final boolean stream;
    private ContainerStats.CpuStats previous = ContainerStats.CpuStats.ZERO;
    private String previousRead = io.jcompose.engine.api.ContainerState.NEVER;
    private boolean first = true;
    private volatile boolean closed;

    StatsStream(LocalEngine engine, ContainerMeta meta, boolean stream) {
        this.engine = engine;
        this.meta = meta;
        this.stream = stream;
    }

    @Override
    public Optional<ContainerStats> next() {
        if (closed || !first && !stream) {
            return Optional.empty();
        }
        if (!first) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (closed || !engine.state(meta.id()).isRunning()) {
                return Optional.empty();
            }
        }
        first = false;
        ContainerStats s = sample();
        previous = s.cpuStats();
        previousRead = s.read();
        return Optional.of(s);
    }

    private ContainerStats sample() {
        String now = Instant.now().toString();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (!engine.state(meta.id()).isRunning()) {
            return new ContainerStats(now, previousRead, "/" + meta.name(), meta.id(), null, null, previous,
                    null, Map.of(), Map.of());
        }
        CgroupStats c = engine.runtime.stats(meta.id());
        ContainerStats.CpuStats cpu = new ContainerStats.CpuStats(new ContainerStats.CpuUsage(c.cpuUsageNanos(),
                List.of(), c.cpuSystemNanos(), c.cpuUserNanos()), systemCpuNanos(), cpus);
        return new ContainerStats(now, previousRead, "/" + meta.name(), meta.id(),
                new ContainerStats.PidsStats(c.pids(), c.pidsLimit()), cpu, previous,
                new ContainerStats.MemoryStats(c.memoryUsageBytes(), 0, c.memoryLimitBytes(), c.memoryStat()),
                Map.of(), Map.of());
    }

    /** The host's total CPU time from /proc/stat, in nanoseconds (clock ticks are 1/100 s). */
    static long systemCpuNanos() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long ticks = 0;
            String[] f = line.trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
