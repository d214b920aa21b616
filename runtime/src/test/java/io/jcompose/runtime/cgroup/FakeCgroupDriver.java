package io.jcompose.runtime.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * An in-memory {@link CgroupDriver} for unit tests of code that uses one: records groups,
 * their limits, pids and freeze state; tests script pids, OOM kills and stats.
 */
public final class FakeCgroupDriver implements CgroupDriver {
    /** One fake group. */
    public static final class Group {
        private CgroupResources resources;
        private final TreeSet<Integer> pids = new TreeSet<>();
        private boolean frozen;
        private boolean oomKilled;
        private CgroupStats stats = new CgroupStats(0, 0, 0, 0, 0, 0, 0, Map.of());

        Group(CgroupResources resources) {
            this.resources = resources;
        }

        /** The limits last applied. */
        public CgroupResources resources() {
            return resources;
        }

        /** Whether the group is frozen. */
        public boolean frozen() {
            return frozen;
        }
    }

    private final Path root;
    private final Map<String, Group> groups = new TreeMap<>();
    private final List<String> removed = new ArrayList<>();

    /** A fake whose procs files are named under {@code root} (nothing is written there). */
    public FakeCgroupDriver(Path root) {
        this.root = root;
    }

    @Override
    public String version() {
        return "v2";
    }

    private Group group(String name) {
        ControlFiles.checkName(name);
        Group g = groups.get(name);
        if (g == null) {
            throw new CgroupException("cgroup \"" + name + "\": no such group");
        }
        return g;
    }

    @Override
    public synchronized void create(String name, CgroupResources resources) {
        ControlFiles.checkName(name);
        groups.computeIfAbsent(name, n -> new Group(resources)).resources = resources;
    }

    @Override
    public synchronized void update(String name, CgroupResources resources) {
        group(name).resources = resources;
    }

    @Override
    public List<Path> procsFiles(String name) {
        ControlFiles.checkName(name);
        return List.of(root.resolve(name).resolve("cgroup.procs"));
    }

    @Override
    public synchronized List<Integer> pids(String name) {
        Group g = groups.get(name);
        return g == null ? List.of() : List.copyOf(g.pids);
    }

    @Override
    public synchronized void freeze(String name, boolean frozen) {
        group(name).frozen = frozen;
    }

    @Override
    public synchronized CgroupStats stats(String name) {
        return group(name).stats;
    }

    @Override
    public synchronized boolean oomKilled(String name) {
        return group(name).oomKilled;
    }

    @Override
    public synchronized List<Integer> killAll(String name, IntConsumer sigkill, Duration timeout) {
        Group g = groups.get(name);
        if (g == null) {
            return List.of();
        }
        List<Integer> pids = List.copyOf(g.pids);
        pids.forEach(sigkill::accept);
        g.pids.clear();
        return List.of();
    }

    @Override
    public synchronized void remove(String name) {
        ControlFiles.checkName(name);
        Group g = groups.get(name);
        if (g != null && !g.pids.isEmpty()) {
            throw new CgroupException("cgroup \"" + name + "\": removing failed: Device or resource busy");
        }
        groups.keySet().removeIf(n -> n.equals(name) || n.startsWith(name + "/"));
        removed.add(name);
    }

    /** Puts {@code pid} into the group, as the launcher writing the procs file would. */
    public synchronized void addPid(String name, int pid) {
        group(name).pids.add(pid);
    }

    /** Marks the group as having had a process OOM-killed. */
    public synchronized void oomKill(String name) {
        group(name).oomKilled = true;
    }

    /** Makes {@link #stats} answer {@code stats} for the group. */
    public synchronized void setStats(String name, CgroupStats stats) {
        group(name).stats = stats;
    }

    /** The group, if it exists. */
    public synchronized java.util.Optional<Group> find(String name) {
        return java.util.Optional.ofNullable(groups.get(name));
    }

    /** The names of the existing groups, sorted. */
    public synchronized List<String> names() {
        return List.copyOf(groups.keySet());
    }

    /** Every name {@link #remove} was called with, in order. */
    public synchronized List<String> removed() {
        return List.copyOf(removed);
    }
}
