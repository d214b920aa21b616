package io.jcompose.runtime.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The cgroup v2 driver: the unified hierarchy at {@code root} (usually {@code /sys/fs/cgroup}).
 * A group {@code jcompose/<id>} is {@code <root>/jcompose/<id>}; creating it enables the
 * controllers it needs in {@code cgroup.subtree_control} of every ancestor.
 */
public final class CgroupV2Driver implements CgroupDriver {
    /** Controllers enabled for container groups when the hierarchy offers them, in this order. */
    static final List<String> CONTROLLERS = List.of("cpuset", "cpu", "io", "memory", "pids");
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(CgroupV2Driver.class.getName());

    private final Path root;
    private final LongSupplier hostMemoryBytes;

    /** A driver for the unified hierarchy mounted at {@code root}. */
    public CgroupV2Driver(Path root) {
        this(root, HostMemory::totalBytes);
    }

    /** As {@link #CgroupV2Driver(Path)}, reporting {@code hostMemoryBytes} as the limit of unlimited groups. */
    CgroupV2Driver(Path root, LongSupplier hostMemoryBytes) {
        this.root = root;
        this.hostMemoryBytes = hostMemoryBytes;
    }

    @Override
    public String version() {
        return "v2";
    }

    /** The controllers the hierarchy's root offers (its cgroup.controllers), sorted. */
    public Set<String> controllers() {
        return ControlFiles.readWords(root.toString(), root.resolve("cgroup.controllers"));
    }

    /**
     * cpu.weight for Docker's cpu shares, the way runc converts them: shares 2..262144 map
     * linearly onto weight 1..10000.
     */
    public static long cpuWeight(long shares) {
        long clamped = Math.max(2, Math.min(262_144, shares));
        return 1 + ((clamped - 2) * 9999) / 262_142;
    }

    private Path dir(String name) {
        ControlFiles.checkName(name);
        return root.resolve(name);
    }

    @Override
    public void create(String name, CgroupResources resources) {
        ControlFiles.checkName(name);
        Set<String> wanted = new TreeSet<>(controllers());
        wanted.retainAll(CONTROLLERS);
        List<Path> made = new ArrayList<>();
        try {
            Path dir = root;
            for (String segment : name.split("/")) {
                enable(name, dir, wanted);
                dir = dir.resolve(segment);
                if (!Files.isDirectory(dir)) {
                    ControlFiles.mkdir(name, dir);
                    made.add(dir);
                }
            }
            apply(name, resources);
        } catch (RuntimeException e) {
            for (int i = made.size() - 1; i >= 0; i--) {
                try {
                    ControlFiles.rmdirTree(name, made.get(i));
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** Enables in {@code parent}'s subtree_control each wanted controller not yet enabled there. */
    private static void enable(String name, Path parent, Set<String> wanted) {
        Path control = parent.resolve("cgroup.subtree_control");
        Set<String> enabled = ControlFiles.readWords(name, control);
        List<String> missing = CONTROLLERS.stream().filter(wanted::contains).filter(c -> !enabled.contains(c)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            ControlFiles.write(name, control, "+" + String.join(" +", missing));
        } catch (CgroupException all) {
            // one refused controller fails the whole write (cpu with realtime tasks, say):
            // enable one by one, and give up only on the ones every container needs
            for (String controller : missing) {
                try {
                    ControlFiles.write(name, control, "+" + controller);
                } catch (CgroupException one) {
                    if (HierarchyProbe.NEEDED_V2.contains(controller)) {
                        one.addSuppressed(all);
                        throw one;
                    }
                    LOG.log(System.Logger.Level.WARNING, "cgroup \"{0}\": cannot enable the {1} controller: {2}",
                            name, controller, one.getMessage());
                }
            }
        }
    }

    @Override
    public void update(String name, CgroupResources resources) {
        ControlFiles.checkName(name);
        apply(name, resources);
    }

    /** Swappiness and oom_kill_disable have no cgroup v2 files; the engine tells the user, as Docker does. */
    private void apply(String name, CgroupResources r) {
        Path dir = dir(name);
        r.memoryBytes().ifPresent(m -> ControlFiles.write(name, dir.resolve("memory.max"), limit(m)));
        OptionalLong swap = r.effectiveMemorySwap();
        if (swap.isPresent() && Files.isRegularFile(dir.resolve("memory.swap.max"))) {
            // v2 limits swap alone; Docker's MemorySwap counts memory + swap
            long memory = r.memoryBytes().isPresent() ? r.memoryBytes().getAsLong()
                    : ControlFiles.readLong(name, dir.resolve("memory.max"));
            String value = swap.getAsLong() < 0 || memory <= 0 ? "max" : Long.toString(swap.getAsLong() - memory);
            ControlFiles.write(name, dir.resolve("memory.swap.max"), value);
        }
        r.memoryReservationBytes().ifPresent(m -> ControlFiles.write(name, dir.resolve("memory.low"),
                Long.toString(Math.max(0, m))));
        if (r.cpuQuotaMicros().isPresent() || r.cpuPeriodMicros().isPresent()) {
            String quota = r.cpuQuotaMicros().isPresent() && r.cpuQuotaMicros().getAsLong() > 0
                    ? Long.toString(r.cpuQuotaMicros().getAsLong()) : "max";
            ControlFiles.write(name, dir.resolve("cpu.max"), quota + " " + r.cpuPeriodMicros().orElse(100_000));
        }
        if (r.cpuShares().isPresent() && r.cpuShares().getAsLong() > 0) {
            ControlFiles.write(name, dir.resolve("cpu.weight"), Long.toString(cpuWeight(r.cpuShares().getAsLong())));
        }
        r.cpusetCpus().ifPresent(cpus -> writeCpuset(name, dir, "cpuset.cpus", "CPUs", cpus));
        r.cpusetMems().ifPresent(mems -> writeCpuset(name, dir, "cpuset.mems", "memory nodes", mems));
        r.pidsLimit().ifPresent(p -> ControlFiles.write(name, dir.resolve("pids.max"), p > 0 ? Integer.toString(p) : "max"));
    }

    private static void writeCpuset(String name, Path dir, String file, String what, String value) {
        Path effective = dir.getParent().resolve(file + ".effective");
        CpuList.checkAvailable(name, what, value, ControlFiles.readIfExists(name, effective).orElse(""));
        ControlFiles.write(name, dir.resolve(file), value);
    }

    private static String limit(long bytes) {
        return bytes > 0 ? Long.toString(bytes) : "max";
    }

    @Override
    public List<Path> procsFiles(String name) {
        return List.of(dir(name).resolve("cgroup.procs"));
    }

    @Override
    public List<Integer> pids(String name) {
        return List.copyOf(new TreeSet<>(ControlFiles.readPids(name, dir(name).resolve("cgroup.procs"))));
    }

    @Override
    public void freeze(String name, boolean frozen) {
        Path dir = dir(name);
        ControlFiles.write(name, dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
        long want = frozen ? 1 : 0;
        long deadline = System.nanoTime() + FREEZE_TIMEOUT.toNanos();
        while (ControlFiles.readKeyed(name, dir.resolve("cgroup.events")).getOrDefault("frozen", 0L) != want) {
            if (System.nanoTime() > deadline) {
                if (frozen) {
                    ControlFiles.write(name, dir.resolve("cgroup.freeze"), "0");
                }
                throw new CgroupException("cgroup \"" + name + "\": " + (frozen ? "freezing" : "thawing")
                        + " did not finish within " + FREEZE_TIMEOUT.toSeconds() + " s");
            }
            ControlFiles.pause(2);
        }
    }

    @Override
    public CgroupStats stats(String name) {
        Path dir = dir(name);
        long host = hostMemoryBytes.getAsLong();
        long usage = ControlFiles.readLong(name, dir.resolve("memory.current"));
        long limit = ControlFiles.readIfExists(name, dir.resolve("memory.max")).map(ControlFiles::parseLimit)
                .orElse(OptionalLong.empty()).orElse(host);
        Map<String, Long> cpu = ControlFiles.readKeyed(name, dir.resolve("cpu.stat"));
        return new CgroupStats(usage, Math.min(limit, host),
                cpu.getOrDefault("usage_usec", 0L) * 1000,
                cpu.getOrDefault("user_usec", 0L) * 1000,
                cpu.getOrDefault("system_usec", 0L) * 1000,
                ControlFiles.readLong(name, dir.resolve("pids.current")),
                ControlFiles.readLong(name, dir.resolve("pids.max")),
                ControlFiles.readKeyed(name, dir.resolve("memory.stat")));
    }

    @Override
    public boolean oomKilled(String name) {
        return ControlFiles.readKeyed(name, dir(name).resolve("memory.events")).getOrDefault("oom_kill", 0L) > 0;
    }

    @Override
    public List<Integer> killAll(String name, IntConsumer sigkill, Duration timeout) {
        Path dir = dir(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> left = pids(name);
        boolean kill = Files.isRegularFile(dir.resolve("cgroup.kill"));
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            if (kill) {
                // see cgroup.kill in the kernel's cgroup-v2.rst: kills the whole subtree, races with fork included
                ControlFiles.write(name, dir.resolve("cgroup.kill"), "1");
            } else {
                freeze(name, true);
                try {
                    left.forEach(sigkill::accept);
                } finally {
                    freeze(name, false);
                }
            }
            ControlFiles.pause(5);
            left = pids(name);
        }
        return left;
    }

    @Override
    public void remove(String name) {
        ControlFiles.rmdirTree(name, dir(name));
    }
}
