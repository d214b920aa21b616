package io.jcompose.runtime.cgroup;

import static io.jcompose.runtime.cgroup.CgroupTrees.read;
import static io.jcompose.runtime.cgroup.CgroupTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV1DriverTest {
    private static final long HOST_MEMORY = 8L << 30;
    @TempDir
    Path root;
    CgroupV1Driver driver;

    @BeforeEach
    void setUp() {
        CgroupTrees.v1(root);
        driver = new CgroupV1Driver(root, () -> HOST_MEMORY);
    }

    @Test
    void createMakesTheGroupInEveryControllerAndWritesTheLimits() {
        driver.create("jcompose/c1", CgroupResources.none().withMemory(64 << 20).withMemoryReservation(32 << 20)
                .withCpuQuota(50_000, 100_000).withCpuShares(512).withPidsLimit(100));

        for (String c : CgroupV1Driver.CONTROLLERS) {
            assertThat(root.resolve(c).resolve("jcompose/c1")).isDirectory();
        }
        Path memory = root.resolve("memory/jcompose/c1");
        assertThat(read(memory.resolve("memory.limit_in_bytes"))).isEqualTo("67108864");
        assertThat(read(memory.resolve("memory.soft_limit_in_bytes"))).isEqualTo("33554432");
        assertThat(memory.resolve("memory.memsw.limit_in_bytes")).as("no swap accounting here").doesNotExist();
        assertThat(read(root.resolve("cpu/jcompose/c1/cpu.cfs_quota_us"))).isEqualTo("50000");
        assertThat(read(root.resolve("cpu/jcompose/c1/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(read(root.resolve("cpu/jcompose/c1/cpu.shares"))).isEqualTo("512");
        assertThat(read(root.resolve("pids/jcompose/c1/pids.max"))).isEqualTo("100");
    }

    @Test
    void swappinessAndOomKillDisableGoToTheMemoryController() {
        driver.create("jcompose/c1", CgroupResources.none().withMemorySwappiness(10).withOomKillDisable(true));
        assertThat(read(root.resolve("memory/jcompose/c1/memory.swappiness"))).isEqualTo("10");
        assertThat(read(root.resolve("memory/jcompose/c1/memory.oom_control"))).isEqualTo("1");
        driver.update("jcompose/c1", CgroupResources.none().withOomKillDisable(false));
        assertThat(read(root.resolve("memory/jcompose/c1/memory.oom_control"))).isEqualTo("0");
        assertThat(read(root.resolve("memory/jcompose/c1/memory.swappiness"))).isEqualTo("10");
        assertThatThrownBy(() -> CgroupResources.none().withMemorySwappiness(101))
                .hasMessageContaining("memory swappiness out of range");
    }

    @Test
    void swapDefaultsToTwiceTheMemoryWhenTheKernelAccountsSwap() {
        write(root.resolve("memory/jcompose/c1/memory.memsw.limit_in_bytes"), "9223372036854771712");
        write(root.resolve("memory/jcompose/c1/memory.limit_in_bytes"), "9223372036854771712");
        driver.create("jcompose/c1", CgroupResources.none().withMemory(16 << 20));
        assertThat(read(root.resolve("memory/jcompose/c1/memory.memsw.limit_in_bytes"))).isEqualTo("33554432");

        driver.update("jcompose/c1", CgroupResources.none().withMemory(16 << 20).withMemorySwap(-1));
        assertThat(read(root.resolve("memory/jcompose/c1/memory.memsw.limit_in_bytes"))).isEqualTo("-1");
        assertThat(read(root.resolve("memory/jcompose/c1/memory.limit_in_bytes"))).isEqualTo("16777216");
    }

    @Test
    void nestedCpusetGroupsInheritCpusAndMemsFromTheirParent() {
        driver.create("jcompose/c1", CgroupResources.none());
        assertThat(read(root.resolve("cpuset/jcompose/cpuset.cpus"))).isEqualTo("0-1");
        assertThat(read(root.resolve("cpuset/jcompose/c1/cpuset.cpus"))).isEqualTo("0-1");
        assertThat(read(root.resolve("cpuset/jcompose/c1/cpuset.mems"))).isEqualTo("0");

        driver.create("jcompose/c2", CgroupResources.none().withCpuset(Optional.of("1"), Optional.empty()));
        assertThat(read(root.resolve("cpuset/jcompose/c2/cpuset.cpus"))).isEqualTo("1");
    }

    @Test
    void unlimitedValuesAreWrittenTheWayTheKernelSpellsThem() {
        driver.create("jcompose/c1", CgroupResources.none().withPidsLimit(0).withCpuQuota(-1, 100_000));
        assertThat(read(root.resolve("pids/jcompose/c1/pids.max"))).isEqualTo("max");
        assertThat(read(root.resolve("cpu/jcompose/c1/cpu.cfs_quota_us"))).isEqualTo("-1");
    }

    @Test
    void aFailedCreateLeavesNothingBehind() throws Exception {
        CgroupTrees.write(root.resolve("cpuset/cpuset.cpus"), "");
        Files.delete(root.resolve("cpuset/cpuset.mems"));
        assertThatThrownBy(() -> driver.create("jcompose/c1", CgroupResources.none()))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("cgroup \"jcompose/c1\": reading cpuset.mems failed");
        for (String c : CgroupV1Driver.CONTROLLERS) {
            assertThat(root.resolve(c).resolve("jcompose")).doesNotExist();
        }
    }

    @Test
    void aControllerThatIsNotMountedIsNamed() throws Exception {
        Files.delete(root.resolve("pids"));
        CgroupV1Driver noPids = new CgroupV1Driver(root, () -> HOST_MEMORY);
        assertThatThrownBy(() -> noPids.create("jcompose/c1", CgroupResources.none().withPidsLimit(10)))
                .hasMessage("cgroup \"jcompose/c1\": the pids controller is not mounted (cgroup v1)");
        assertThat(root.resolve("memory/jcompose")).doesNotExist();
    }

    @Test
    void coMountedControllersShareOneDirectory() throws Exception {
        Path other = Files.createDirectories(root.resolve("other"));
        for (String c : List.of("memory", "pids", "cpu,cpuacct")) {
            Files.createDirectories(other.resolve(c));
        }
        Files.createSymbolicLink(other.resolve("cpu"), other.resolve("cpu,cpuacct"));
        Files.createSymbolicLink(other.resolve("cpuacct"), other.resolve("cpu,cpuacct"));
        CgroupV1Driver comounted = new CgroupV1Driver(other, () -> HOST_MEMORY);

        assertThat(comounted.controllers()).containsExactly("cpu", "cpuacct", "memory", "pids");
        assertThat(comounted.procsFiles("jcompose/c1")).containsExactly(
                other.toRealPath().resolve("cpu,cpuacct/jcompose/c1/cgroup.procs"),
                other.toRealPath().resolve("memory/jcompose/c1/cgroup.procs"),
                other.toRealPath().resolve("pids/jcompose/c1/cgroup.procs"));
        comounted.create("jcompose/c1", CgroupResources.none().withCpuShares(256));
        assertThat(read(other.resolve("cpu,cpuacct/jcompose/c1/cpu.shares"))).isEqualTo("256");
    }

    @Test
    void pidsAreTheUnionOfEveryController() {
        driver.create("jcompose/c1", CgroupResources.none());
        write(root.resolve("memory/jcompose/c1/cgroup.procs"), "42\n7\n");
        write(root.resolve("pids/jcompose/c1/cgroup.procs"), "7\n100\n");
        assertThat(driver.pids("jcompose/c1")).containsExactly(7, 42, 100);
    }

    @Test
    void freezeAndThawWriteTheFreezerState() {
        driver.create("jcompose/c1", CgroupResources.none());
        driver.freeze("jcompose/c1", true);
        assertThat(read(root.resolve("freezer/jcompose/c1/freezer.state"))).isEqualTo("FROZEN");
        driver.freeze("jcompose/c1", false);
        assertThat(read(root.resolve("freezer/jcompose/c1/freezer.state"))).isEqualTo("THAWED");
    }

    @Test
    void statsReadTheKernelCounters() {
        driver.create("jcompose/c1", CgroupResources.none().withPidsLimit(50));
        Path memory = root.resolve("memory/jcompose/c1");
        write(memory.resolve("memory.usage_in_bytes"), "1048576\n");
        write(memory.resolve("memory.stat"), "cache 4096\nrss 8192\ntotal_inactive_file 4096\n");
        write(root.resolve("cpuacct/jcompose/c1/cpuacct.usage"), "123456789\n");
        write(root.resolve("cpuacct/jcompose/c1/cpuacct.stat"), "user 3\nsystem 2\n");
        write(root.resolve("pids/jcompose/c1/pids.current"), "4\n");

        CgroupStats stats = driver.stats("jcompose/c1");
        assertThat(stats.memoryUsageBytes()).isEqualTo(1_048_576);
        assertThat(stats.memoryLimitBytes()).as("unlimited shows the host's memory").isEqualTo(HOST_MEMORY);
        assertThat(stats.cpuUsageNanos()).isEqualTo(123_456_789);
        assertThat(stats.cpuUserNanos()).isEqualTo(30_000_000);
        assertThat(stats.cpuSystemNanos()).isEqualTo(20_000_000);
        assertThat(stats.pids()).isEqualTo(4);
        assertThat(stats.pidsLimit()).isEqualTo(50);
        assertThat(stats.memoryStat()).containsEntry("rss", 8192L).containsEntry("total_inactive_file", 4096L);

        driver.update("jcompose/c1", CgroupResources.none().withMemory(1 << 20));
        assertThat(driver.stats("jcompose/c1").memoryLimitBytes()).isEqualTo(1 << 20);
    }

    @Test
    void oomKillsAreReadFromOomControl() {
        driver.create("jcompose/c1", CgroupResources.none());
        Path control = root.resolve("memory/jcompose/c1/memory.oom_control");
        write(control, "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        write(root.resolve("memory/jcompose/c1/memory.failcnt"), "12\n");
        assertThat(driver.oomKilled("jcompose/c1")).as("hitting the limit is not a kill").isFalse();
        write(control, "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        assertThat(driver.oomKilled("jcompose/c1")).isTrue();
    }

    @Test
    void withoutAKillCounterFailcntIsTheSign() {
        driver.create("jcompose/c1", CgroupResources.none());
        write(root.resolve("memory/jcompose/c1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");
        write(root.resolve("memory/jcompose/c1/memory.failcnt"), "0\n");
        assertThat(driver.oomKilled("jcompose/c1")).isFalse();
        write(root.resolve("memory/jcompose/c1/memory.failcnt"), "3\n");
        assertThat(driver.oomKilled("jcompose/c1")).isTrue();
    }

    @Test
    void killAllSignalsEveryPidUntilTheGroupIsEmpty() {
        driver.create("jcompose/c1", CgroupResources.none());
        write(root.resolve("memory/jcompose/c1/cgroup.procs"), "11\n12\n");
        write(root.resolve("pids/jcompose/c1/cgroup.procs"), "12\n");
        List<Integer> killed = new ArrayList<>();
        List<Integer> left = driver.killAll("jcompose/c1", pid -> {
            killed.add(pid);
            if (killed.size() == 2) { // the "kernel" empties the group once both are dead
                driver.procsFiles("jcompose/c1").forEach(f -> write(f, ""));
            }
        }, Duration.ofSeconds(5));
        assertThat(left).isEmpty();
        assertThat(killed).containsExactly(11, 12);
        assertThat(read(root.resolve("freezer/jcompose/c1/freezer.state"))).isEqualTo("THAWED");
    }

    @Test
    void removeDeletesTheGroupEverywhereAndIsIdempotent() {
        driver.create("jcompose/c1", CgroupResources.none().withMemory(1 << 20));
        driver.create("jcompose/c2", CgroupResources.none());
        driver.remove("jcompose/c1");
        driver.remove("jcompose/c1");
        for (String c : CgroupV1Driver.CONTROLLERS) {
            assertThat(root.resolve(c).resolve("jcompose/c1")).doesNotExist();
            assertThat(root.resolve(c).resolve("jcompose/c2")).isDirectory();
        }
        driver.remove("jcompose");
        for (String c : CgroupV1Driver.CONTROLLERS) {
            assertThat(root.resolve(c).resolve("jcompose")).doesNotExist();
        }
    }

    @Test
    void namesThatLeaveTheHierarchyAreRefused() {
        for (String bad : List.of("../etc", "/abs", "jcompose/../x", "a//b", "", "a/b/")) {
            assertThatThrownBy(() -> driver.create(bad, CgroupResources.none()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cgroup name");
        }
    }
}
