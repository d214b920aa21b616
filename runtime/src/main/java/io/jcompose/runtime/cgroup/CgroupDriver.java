package io.jcompose.runtime.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * One container's control group on the host's hierarchy (v1 or v2). The container code
 * creates a group before launch, hands {@link #procsFiles} to the launcher so the container
 * joins it before exec, and reads stats, freezes and cleans up through the same driver.
 */
public interface CgroupDriver {

    /** Which hierarchy this driver writes: "v1" or "v2" (the `CgroupVersion` of docker info). */
    String version();

    /** Creates the group {@code name} (e.g. "jcompose/<container-id>") with the given limits. */
    void create(String name, CgroupResources resources);

    /** Applies changed limits to an existing group (docker update). */
    void update(String name, CgroupResources resources);

    /**
     * The {@code cgroup.procs} files a process writes its pid into to join the group:
     * one per controller on v1, one on v2.
     */
    List<Path> procsFiles(String name);

    /** The pids now in the group, sorted. */
    List<Integer> pids(String name);

    /** Freezes (pause) or thaws (unpause) every process of the group. */
    void freeze(String name, boolean frozen);

    /** Usage figures for stats. */
    CgroupStats stats(String name);

    /** Whether the kernel's OOM killer has killed a process of this group. */
    boolean oomKilled(String name);

    /** Removes the group; the group must be empty. Idempotent. */
    void remove(String name);
}
