package io.jcompose.runtime.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Looks at a cgroup mount point and decides which driver can use it. */
final class HierarchyProbe {
    /** Controllers a container needs for its limits and stats; without them v2 is not usable. */
    static final Set<String> NEEDED_V2 = Set.of("cpu", "memory", "pids");

    private HierarchyProbe() {}

    static CgroupDriver probe(Path root) {
        String where = root.toString();
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            return new CgroupV2Driver(root);
        }
        Path unified = root.resolve("unified");
        if (ControlFiles.readWords(where, unified.resolve("cgroup.controllers")).containsAll(NEEDED_V2)) {
            return new CgroupV2Driver(unified);
        }
        CgroupV1Driver v1 = new CgroupV1Driver(root);
        if (v1.controllers().contains("memory") || v1.controllers().contains("pids")) {
            return v1;
        }
        throw new CgroupException("no usable cgroup hierarchy under " + root
                + ": neither cgroup v2 (cgroup.controllers) nor v1 controllers (memory, pids) are mounted");
    }
}
