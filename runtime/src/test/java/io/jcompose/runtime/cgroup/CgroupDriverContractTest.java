package io.jcompose.runtime.cgroup;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** {@link CgroupDriverContract} for the fake and for both drivers on file trees. */
class CgroupDriverContractTest {

    @Nested
    class Fake extends CgroupDriverContract {
        @Override
        CgroupDriver driver(Path root) {
            return new FakeCgroupDriver(root);
        }

        @Override
        void join(CgroupDriver driver, String name, int pid) {
            ((FakeCgroupDriver) driver).addPid(name, pid);
        }

        @Override
        void empty(CgroupDriver driver, String name) {
            ((FakeCgroupDriver) driver).killAll(name, pid -> { }, java.time.Duration.ZERO);
        }
    }

    /** Empties every procs file of the group. */
    static void emptyProcs(CgroupDriver driver, String name) {
        driver.procsFiles(name).forEach(f -> CgroupTrees.write(f, ""));
    }

    @Nested
    class V1 extends CgroupDriverContract {
        @Override
        CgroupDriver driver(Path root) {
            return new CgroupV1Driver(CgroupTrees.v1(root), () -> 1L << 30);
        }

        @Override
        void join(CgroupDriver driver, String name, int pid) {
            for (Path procs : driver.procsFiles(name)) {
                CgroupTrees.write(procs, (CgroupTrees.exists(procs) ? CgroupTrees.read(procs) + "\n" : "") + pid);
            }
        }

        @Override
        void empty(CgroupDriver driver, String name) {
            emptyProcs(driver, name);
        }
    }

    @Nested
    class V2 extends CgroupDriverContract {
        @Override
        CgroupDriver driver(Path root) {
            return new CgroupV2Driver(CgroupTrees.v2(root), () -> 1L << 30);
        }

        @Override
        void join(CgroupDriver driver, String name, int pid) {
            Path procs = driver.procsFiles(name).get(0);
            CgroupTrees.write(procs.resolveSibling("cgroup.events"), "populated 1\nfrozen 0\n");
            CgroupTrees.write(procs, (CgroupTrees.exists(procs) ? CgroupTrees.read(procs) + "\n" : "") + pid);
        }

        @Override
        void empty(CgroupDriver driver, String name) {
            emptyProcs(driver, name);
        }
    }
}
