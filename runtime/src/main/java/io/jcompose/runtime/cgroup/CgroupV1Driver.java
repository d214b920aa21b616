package io.jcompose.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The cgroup v1 driver: one hierarchy per controller under a root such as {@code /sys/fs/cgroup}
 * ({@code memory}, {@code cpu}, {@code cpuacct}, {@code cpuset}, {@code pids}, {@code blkio},
 * {@code freezer}, {@code devices}; co-mounted ones like {@code cpu,cpuacct} are found too).
 * A group {@code jcompose/<id>} is the directory {@code <root>/<controller>/jcompose/<id>} in each.
 */
public final class CgroupV1Driver implements CgroupDriver {
    private static final System.Logger LOG = System.getLogger(CgroupV1Driver.class.getName());
    /** The controllers a container joins, sorted. */
    static final List<String> CONTROLLERS =
            List.of("blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids");
    /** USER_HZ: cpuacct.stat counts clock ticks of 10 ms. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Path> mounts;
    private final LongSupplier hostMemoryBytes;

    /** A driver for the v1 hierarchies mounted under {@code root}. */
    public CgroupV1Driver(Path root) {
        this(root, HostMemory::totalBytes);
    }

    /** As {@link #CgroupV1Driver(Path)}, reporting {@code hostMemoryBytes} as the limit of unlimited groups. */
    CgroupV1Driver(Path root, LongSupplier hostMemoryBytes) {
        this.mounts = findMounts(root);
        this.hostMemoryBytes = hostMemoryBytes;
    }

    private static Map<String, Path> findMounts(Path root) {
        Map<String, Path> found = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                for (String part : dir.getFileName().toString().split(",")) {
                    if (CONTROLLERS.contains(part) && !found.containsKey(part)) {
                        found.put(part, dir.toRealPath());
                    }
                }
            }
        } catch (IOException e) {
            throw new CgroupException("listing cgroup v1 hierarchies under " + root + " failed: "
                    + ControlFiles.reason(e), e);
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public String version() {
        return "v1";
    }

    /** The controllers mounted on this host, sorted. */
    public Set<String> controllers() {
        return mounts.keySet();
    }

    /** The distinct hierarchy directories (co-mounted controllers share one). */
    private Set<Path> hierarchies() {
        return new LinkedHashSet<>(mounts.values());
    }

    private Path dir(String controller, String name) {
        Path mount = mounts.get(controller);
        if (mount == null) {
            throw new CgroupException("cgroup \"" + name + "\": the " + controller
                    + " controller is not mounted (cgroup v1)");
        }
        return mount.resolve(name);
    }

    @Override
    public void create(String name, CgroupResources resources) {
        ControlFiles.checkName(name);
        List<Path> made = new ArrayList<>();
        try {
            for (Path hierarchy : hierarchies()) {
                makeDirs(name, hierarchy, made);
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

    private void makeDirs(String name, Path hierarchy, List<Path> made) {
        boolean cpuset = hierarchy.equals(mounts.get("cpuset"));
        Path dir = hierarchy;
        for (String segment : name.split("/")) {
            Path parent = dir;
            dir = dir.resolve(segment);
            if (!Files.isDirectory(dir)) {
                ControlFiles.mkdir(name, dir);
                made.add(dir);
            }
            if (cpuset) {
                // a new cpuset group starts with no cpus and no memory nodes, and refuses tasks
                inheritIfEmpty(name, parent, dir, "cpuset.cpus");
                inheritIfEmpty(name, parent, dir, "cpuset.mems");
            }
        }
    }

    private static void inheritIfEmpty(String name, Path parent, Path dir, String file) {
        if (ControlFiles.readIfExists(name, dir.resolve(file)).orElse("").isEmpty()) {
            ControlFiles.write(name, dir.resolve(file), ControlFiles.read(name, parent.resolve(file)));
        }
    }

    @Override
    public void update(String name, CgroupResources resources) {
        ControlFiles.checkName(name);
        apply(name, resources);
    }

    private void apply(String name, CgroupResources r) {
        applyMemory(name, r);
        if (r.cpuPeriodMicros().isPresent()) {
            ControlFiles.write(name, dir("cpu", name).resolve("cpu.cfs_period_us"),
                    Long.toString(r.cpuPeriodMicros().getAsLong()));
        }
        if (r.cpuQuotaMicros().isPresent()) {
            long quota = r.cpuQuotaMicros().getAsLong();
            ControlFiles.write(name, dir("cpu", name).resolve("cpu.cfs_quota_us"), Long.toString(quota > 0 ? quota : -1));
        }
        if (r.cpuShares().isPresent() && r.cpuShares().getAsLong() > 0) {
            ControlFiles.write(name, dir("cpu", name).resolve("cpu.shares"), Long.toString(r.cpuShares().getAsLong()));
        }
        r.cpusetCpus().ifPresent(cpus -> writeCpuset(name, "cpuset.cpus", "CPUs", cpus));
        r.cpusetMems().ifPresent(mems -> writeCpuset(name, "cpuset.mems", "memory nodes", mems));
        if (r.pidsLimit().isPresent()) {
            int limit = r.pidsLimit().getAsInt();
            ControlFiles.write(name, dir("pids", name).resolve("pids.max"), limit > 0 ? Integer.toString(limit) : "max");
        }
    }

    private void writeCpuset(String name, String file, String what, String value) {
        Path dir = dir("cpuset", name);
        CpuList.checkAvailable(name, what, value, ControlFiles.readIfExists(name, dir.getParent().resolve(file)).orElse(""));
        ControlFiles.write(name, dir.resolve(file), value);
    }

    private void applyMemory(String name, CgroupResources r) {
        r.memorySwappiness().ifPresent(v -> ControlFiles.write(name, dir("memory", name).resolve("memory.swappiness"),
                Long.toString(v)));
        // writing 1 to memory.oom_control sets oom_kill_disable (see the kernel's cgroup-v1/memory.rst)
        r.oomKillDisable().ifPresent(off -> ControlFiles.write(name, dir("memory", name).resolve("memory.oom_control"),
                off ? "1" : "0"));
        if (r.memoryReservationBytes().isPresent()) {
            long soft = r.memoryReservationBytes().getAsLong();
            ControlFiles.write(name, dir("memory", name).resolve("memory.soft_limit_in_bytes"),
                    Long.toString(soft > 0 ? soft : -1));
        }
        OptionalLong swap = r.effectiveMemorySwap();
        if (r.memoryBytes().isEmpty() && swap.isEmpty()) {
            return;
        }
        Path memory = dir("memory", name);
        Path limitFile = memory.resolve("memory.limit_in_bytes");
        Path memswFile = memory.resolve("memory.memsw.limit_in_bytes");
        boolean memsw = swap.isPresent() && Files.isRegularFile(memswFile);
        if (!memsw && r.memorySwapBytes().orElse(0) > 0) {
            LOG.log(System.Logger.Level.WARNING, "cgroup \"{0}\": the kernel has no swap accounting "
                    + "(memory.memsw.limit_in_bytes); the swap limit is not applied", name);
        }
        if (r.memoryBytes().isEmpty()) {
            if (memsw) {
                ControlFiles.write(name, memswFile, Long.toString(swap.getAsLong()));
            }
            return;
        }
        long limit = r.memoryBytes().getAsLong() > 0 ? r.memoryBytes().getAsLong() : -1;
        long current = ControlFiles.readLong(name, limitFile);
        // the kernel keeps memory <= memory+swap at every moment: raise memsw first, lower it last
        boolean raising = limit == -1 || limit > current;
        if (memsw && raising) {
            ControlFiles.write(name, memswFile, Long.toString(swap.getAsLong()));
        }
        ControlFiles.write(name, limitFile, Long.toString(limit));
        if (memsw && !raising) {
            ControlFiles.write(name, memswFile, Long.toString(swap.getAsLong()));
        }
    }

    @Override
    public List<Path> procsFiles(String name) {
        ControlFiles.checkName(name);
        return hierarchies().stream().map(h -> h.resolve(name).resolve("cgroup.procs")).toList();
    }

    @Override
    public List<Integer> pids(String name) {
        TreeSet<Integer> pids = new TreeSet<>();
        for (Path procs : procsFiles(name)) {
            pids.addAll(ControlFiles.readPids(name, procs));
        }
        return List.copyOf(pids);
    }

    @Override
    public void freeze(String name, boolean frozen) {
        ControlFiles.checkName(name);
        Path state = dir("freezer", name).resolve("freezer.state");
        String want = frozen ? "FROZEN" : "THAWED";
        ControlFiles.write(name, state, want);
        long deadline = System.nanoTime() + FREEZE_TIMEOUT.toNanos();
        for (int round = 1; !want.equals(ControlFiles.read(name, state)); round++) {
            if (System.nanoTime() > deadline) {
                if (frozen) {
                    ControlFiles.write(name, state, "THAWED");
                }
                throw new CgroupException("cgroup \"" + name + "\": " + (frozen ? "freezing" : "thawing")
                        + " did not finish within " + FREEZE_TIMEOUT.toSeconds() + " s");
            }
            if (round % 50 == 0) {
                // a task forking while the freeze runs can leave it FREEZING: ask again
                ControlFiles.write(name, state, want);
            }
            ControlFiles.pause(2);
        }
    }

    @Override
    public CgroupStats stats(String name) {
        ControlFiles.checkName(name);
        long usage = 0;
        long limit = hostMemoryBytes.getAsLong();
        Map<String, Long> memoryStat = Map.of();
        if (mounts.containsKey("memory")) {
            Path memory = dir("memory", name);
            usage = ControlFiles.readLong(name, memory.resolve("memory.usage_in_bytes"));
            long set = ControlFiles.readLong(name, memory.resolve("memory.limit_in_bytes"));
            limit = set > 0 ? Math.min(set, limit) : limit;
            memoryStat = ControlFiles.readKeyed(name, memory.resolve("memory.stat"));
        }
        long cpu = 0;
        long user = 0;
        long system = 0;
        if (mounts.containsKey("cpuacct")) {
            Path cpuacct = dir("cpuacct", name);
            cpu = ControlFiles.readLong(name, cpuacct.resolve("cpuacct.usage"));
            Map<String, Long> ticks = ControlFiles.readKeyed(name, cpuacct.resolve("cpuacct.stat"));
            user = ticks.getOrDefault("user", 0L) * NANOS_PER_TICK;
            system = ticks.getOrDefault("system", 0L) * NANOS_PER_TICK;
        }
        long pids = 0;
        long pidsLimit = 0;
        if (mounts.containsKey("pids")) {
            pids = ControlFiles.readLong(name, dir("pids", name).resolve("pids.current"));
            pidsLimit = ControlFiles.readLong(name, dir("pids", name).resolve("pids.max"));
        }
        return new CgroupStats(usage, limit, cpu, user, system, pids, pidsLimit, memoryStat);
    }

    @Override
    public boolean oomKilled(String name) {
        ControlFiles.checkName(name);
        Path memory = dir("memory", name);
        Map<String, Long> control = ControlFiles.readKeyed(name, memory.resolve("memory.oom_control"));
        if (control.containsKey("oom_kill")) {
            return control.get("oom_kill") > 0;
        }
        Map<String, Long> events = ControlFiles.readKeyed(name, memory.resolve("memory.events"));
        if (events.containsKey("oom_kill")) {
            return events.get("oom_kill") > 0;
        }
        // kernels before 4.13 do not count kills: having hit the limit is the best sign left
        return ControlFiles.readLong(name, memory.resolve("memory.failcnt")) > 0;
    }

    @Override
    public List<Integer> killAll(String name, IntConsumer sigkill, Duration timeout) {
        ControlFiles.checkName(name);
        boolean freezer = mounts.containsKey("freezer") && Files.isDirectory(dir("freezer", name));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> left = pids(name);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            if (freezer) {
                freeze(name, true);
            }
            try {
                left.forEach(sigkill::accept);
            } finally {
                if (freezer) {
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
        ControlFiles.checkName(name);
        for (Path hierarchy : hierarchies()) {
            ControlFiles.rmdirTree(name, hierarchy.resolve(name));
        }
    }
}
