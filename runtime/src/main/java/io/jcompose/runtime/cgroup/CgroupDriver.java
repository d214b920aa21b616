package io.jcompose.runtime.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One container's control group on the host's hierarchy (v1 or v2). The container code
 * creates a group before launch, hands {@link #procsFiles} to the launcher so the container
 * joins it before exec, and reads stats, freezes and cleans up through the same driver.
 *
 * <p>Group names are relative paths such as {@code "jcompose/<container-id>"}: segments of
 * letters, digits and {@code _ . : @ -}, never {@code ..}. Errors are {@link CgroupException}s
 * naming the group, the file and the kernel's reason.
 */
public interface CgroupDriver {

    /** Which hierarchy this driver writes: "v1" or "v2" (the `CgroupVersion` of docker info). */
    String version();

    /**
     * Creates the group {@code name} (e.g. "jcompose/<container-id>") with the given limits;
     * an existing group is reused and gets the limits. On failure nothing new is left behind.
     */
    void create(String name, CgroupResources resources);

    /** Applies changed limits to an existing group (docker update); empty values stay as they are. */
    void update(String name, CgroupResources resources);

    /**
     * The {@code cgroup.procs} files a process writes its pid into to join the group:
     * one per mounted controller hierarchy on v1, one on v2.
     */
    List<Path> procsFiles(String name);

    /** The pids now in the group (all controllers on v1), sorted, without duplicates. */
    List<Integer> pids(String name);

    /** Freezes (pause) or thaws (unpause) every process of the group; waits (bounded) until done. */
    void freeze(String name, boolean frozen);

    /** Usage figures for stats. */
    CgroupStats stats(String name);

    /** Whether the kernel's OOM killer has killed a process of this group. */
    boolean oomKilled(String name);

    /**
     * Kills every process left in the group (cleanup after the container's init died, or a
     * forced remove): freezes the group so nothing forks meanwhile, sends SIGKILL to each pid
     * through {@code sigkill} (v2 uses cgroup.kill where the kernel has it), thaws, and waits
     * until the group is empty or {@code timeout} has passed.
     *
     * @return the pids still in the group at the end (empty on success)
     */
    List<Integer> killAll(String name, IntConsumer sigkill, Duration timeout);

    /** {@link #killAll(String, IntConsumer, Duration)} sending SIGKILL through {@link ProcessHandle}. */
    default List<Integer> killAll(String name, Duration timeout) {
        return killAll(name, pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly), timeout);
    }

    /** Removes the group and its child groups, in every controller; the group must be empty. Idempotent. */
    void remove(String name);

    /** The driver for this host's {@code /sys/fs/cgroup}. */
    static CgroupDriver detect() {
        return detect(Path.of("/sys/fs/cgroup"));
    }

    /**
     * The driver for the cgroup file system at {@code sysFsCgroup}: v2 when it is the unified
     * hierarchy (it has {@code cgroup.controllers}) or a hybrid whose {@code unified} mount has
     * the memory, pids and cpu controllers; v1 when controller hierarchies are mounted below it.
     *
     * @throws CgroupException when neither is usable
     */
    static CgroupDriver detect(Path sysFsCgroup) {
        return HierarchyProbe.probe(sysFsCgroup);
    }
}
