package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyProbeTest {
    @TempDir
    Path tmp;

    @Test
    void unifiedRootIsV2() {
        assertThat(CgroupDriver.detect(CgroupTrees.v2(tmp)).version()).isEqualTo("v2");
    }

    @Test
    void hybridWithoutControllersInUnifiedIsV1() {
        CgroupDriver driver = CgroupDriver.detect(CgroupTrees.v1(tmp));
        assertThat(driver.version()).isEqualTo("v1");
        assertThat(((CgroupV1Driver) driver).controllers()).containsExactlyElementsOf(CgroupV1Driver.CONTROLLERS);
    }

    @Test
    void hybridWhoseUnifiedMountHasTheControllersIsV2() {
        CgroupTrees.v1(tmp);
        CgroupTrees.write(tmp.resolve("unified/cgroup.controllers"), "cpu io memory pids\n");
        CgroupDriver driver = CgroupDriver.detect(tmp);
        assertThat(driver.version()).isEqualTo("v2");
        assertThat(driver.procsFiles("jcompose/c1")).containsExactly(tmp.resolve("unified/jcompose/c1/cgroup.procs"));
    }

    @Test
    void nothingMountedIsAClearError() {
        assertThatThrownBy(() -> CgroupDriver.detect(tmp))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("no usable cgroup hierarchy under " + tmp);
    }
}
