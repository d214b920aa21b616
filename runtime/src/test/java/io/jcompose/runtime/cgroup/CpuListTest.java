package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuListTest {
    @TempDir
    Path tmp;

    @Test
    void parsesTheKernelListFormat() {
        assertThat(CpuList.parse("0-3,5").members().toString()).isEqualTo("{0, 1, 2, 3, 5}");
        assertThat(CpuList.parse(" 1 ").within(CpuList.parse("0-1"))).isTrue();
        assertThat(CpuList.parse("0-2").within(CpuList.parse("0-1"))).isFalse();
        assertThat(CpuList.parse("").members().isEmpty()).isTrue();
    }

    @Test
    void cpusTheHostLacksAreRefusedWithDockersMessage() {
        CgroupV1Driver v1 = new CgroupV1Driver(CgroupTrees.v1(tmp.resolve("v1")), () -> 1L << 30);
        assertThatThrownBy(() -> v1.create("jcompose/c1", CgroupResources.none().withCpuset(Optional.of("1-3"), Optional.empty())))
                .isInstanceOf(CgroupException.class)
                .hasMessage("cgroup \"jcompose/c1\": requested CPUs are not available - requested 1-3, available: 0-1");
        assertThat(tmp.resolve("v1/cpuset/jcompose")).doesNotExist();

        Path v2root = CgroupTrees.v2(tmp.resolve("v2"));
        CgroupTrees.write(v2root.resolve("jcompose/cpuset.mems.effective"), "0\n");
        CgroupV2Driver v2 = new CgroupV2Driver(v2root, () -> 1L << 30);
        assertThatThrownBy(() -> v2.create("jcompose/c1", CgroupResources.none().withCpuset(Optional.empty(), Optional.of("0,1"))))
                .hasMessage("cgroup \"jcompose/c1\": requested memory nodes are not available - requested 0,1, available: 0");
        assertThatThrownBy(() -> v2.create("jcompose/c2", CgroupResources.none().withCpuset(Optional.of("one"), Optional.empty())))
                .hasMessage("cgroup \"jcompose/c2\": invalid value for cpuset CPUs: \"one\"");
    }
}
