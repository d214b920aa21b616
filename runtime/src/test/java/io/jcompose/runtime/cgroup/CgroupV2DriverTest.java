package io.jcompose.runtime.cgroup;

import static io.jcompose.runtime.cgroup.CgroupTrees.read;
import static io.jcompose.runtime.cgroup.CgroupTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2DriverTest {
    private static final long HOST_MEMORY = 8L << 30;
    @TempDir
    Path root;
    CgroupV2Driver driver;

    @BeforeEach
    void setUp() {
        CgroupTrees.v2(root);
        driver = new CgroupV2Driver(root, () -> HOST_MEMORY);
    }

    /** What the kernel shows in a fresh group that has the memory controller with swap. */
    private Path kernelGroup(String name) {
        Path dir = root.resolve(name);
        write(dir.resolve("memory.max"), "max\n");
        write(dir.resolve("memory.swap.max"), "max\n");
        write(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        return dir;
    }

    @Test
    void createEnablesControllersInEveryAncestorAndWritesTheLimits() {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none().withMemory(64 << 20).withMemorySwap(96 << 20)
                .withMemoryReservation(32 << 20).withCpuQuota(150_000, 100_000).withCpuShares(1024)
                .withCpuset(Optional.of("0-1"), Optional.of("0")).withPidsLimit(100));

        assertThat(read(root.resolve("cgroup.subtree_control"))).isEqualTo("+cpuset +cpu +io +memory +pids");
        assertThat(read(root.resolve("jcompose/cgroup.subtree_control"))).isEqualTo("+cpuset +cpu +io +memory +pids");
        assertThat(dir.resolve("cgroup.subtree_control")).as("the leaf holds processes").doesNotExist();
        assertThat(read(dir.resolve("memory.max"))).isEqualTo("67108864");
        assertThat(read(dir.resolve("memory.swap.max"))).as("swap alone").isEqualTo("33554432");
        assertThat(read(dir.resolve("memory.low"))).isEqualTo("33554432");
        assertThat(read(dir.resolve("cpu.max"))).isEqualTo("150000 100000");
        assertThat(read(dir.resolve("cpu.weight"))).isEqualTo("39");
        assertThat(read(dir.resolve("cpuset.cpus"))).isEqualTo("0-1");
        assertThat(read(dir.resolve("cpuset.mems"))).isEqualTo("0");
        assertThat(read(dir.resolve("pids.max"))).isEqualTo("100");
    }

    @Test
    void onlyOfferedControllersAreEnabledAndEnabledOnesAreNotRepeated() {
        write(root.resolve("cgroup.controllers"), "memory pids\n");
        write(root.resolve("cgroup.subtree_control"), "memory\n");
        driver.create("jcompose/c1", CgroupResources.none());
        assertThat(read(root.resolve("cgroup.subtree_control"))).isEqualTo("+pids");
    }

    @Test
    void swapDefaultsToTheMemoryLimitAndUnlimitedIsMax() {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none().withMemory(16 << 20));
        assertThat(read(dir.resolve("memory.swap.max"))).isEqualTo("16777216");
        driver.update("jcompose/c1", CgroupResources.none().withMemorySwap(-1));
        assertThat(read(dir.resolve("memory.swap.max"))).isEqualTo("max");
        driver.update("jcompose/c1", CgroupResources.none().withMemorySwap(48 << 20));
        assertThat(read(dir.resolve("memory.swap.max"))).as("memory.max kept from before").isEqualTo("33554432");
        driver.update("jcompose/c1", CgroupResources.none().withMemory(0).withPidsLimit(-1).withCpuQuota(-1, 50_000));
        assertThat(read(dir.resolve("memory.max"))).isEqualTo("max");
        assertThat(read(dir.resolve("pids.max"))).isEqualTo("max");
        assertThat(read(dir.resolve("cpu.max"))).isEqualTo("max 50000");
    }

    @Test
    void sharesBecomeWeightsTheWayRuncConvertsThem() {
        assertThat(CgroupV2Driver.cpuWeight(2)).isEqualTo(1);
        assertThat(CgroupV2Driver.cpuWeight(1024)).isEqualTo(39);
        assertThat(CgroupV2Driver.cpuWeight(262_144)).isEqualTo(10_000);
        assertThat(CgroupV2Driver.cpuWeight(1_000_000)).isEqualTo(10_000);
    }

    @Test
    void freezeWaitsForTheFrozenEvent() {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none());
        write(dir.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        driver.freeze("jcompose/c1", true);
        assertThat(read(dir.resolve("cgroup.freeze"))).isEqualTo("1");
        write(dir.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        driver.freeze("jcompose/c1", false);
        assertThat(read(dir.resolve("cgroup.freeze"))).isEqualTo("0");
    }

    @Test
    void statsAndOomKillsComeFromTheUnifiedFiles() {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none().withMemory(1 << 30).withPidsLimit(20));
        write(dir.resolve("memory.current"), "2097152\n");
        write(dir.resolve("memory.stat"), "anon 1048576\nfile 4096\ninactive_file 4096\n");
        write(dir.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write(dir.resolve("pids.current"), "3\n");
        write(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 0\n");

        CgroupStats stats = driver.stats("jcompose/c1");
        assertThat(stats).isEqualTo(new CgroupStats(2_097_152, 1 << 30, 1_500_000, 1_000_000, 500_000, 3, 20,
                java.util.Map.of("anon", 1_048_576L, "file", 4096L, "inactive_file", 4096L)));
        assertThat(driver.oomKilled("jcompose/c1")).isFalse();
        write(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        assertThat(driver.oomKilled("jcompose/c1")).isTrue();
        driver.update("jcompose/c1", CgroupResources.none().withMemory(0));
        assertThat(driver.stats("jcompose/c1").memoryLimitBytes()).isEqualTo(HOST_MEMORY);
    }

    @Test
    void killAllUsesCgroupKillWhenTheKernelHasIt() throws InterruptedException {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none());
        write(dir.resolve("cgroup.procs"), "5\n6\n");
        write(dir.resolve("cgroup.kill"), "");
        List<Integer> signalled = new ArrayList<>();
        Thread kernel = new Thread(() -> {
            for (int i = 0; i < 500 && !read(dir.resolve("cgroup.kill")).equals("1"); i++) {
                ControlFiles.pause(2);
            }
            write(dir.resolve("cgroup.procs"), "");
        });
        kernel.start();
        List<Integer> left = driver.killAll("jcompose/c1", signalled::add, Duration.ofSeconds(5));
        kernel.join(5_000);
        assertThat(left).isEmpty();
        assertThat(signalled).isEmpty();
    }

    @Test
    void killAllSignalsEachPidWithoutCgroupKill() {
        Path dir = kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none());
        write(dir.resolve("cgroup.procs"), "5\n");
        write(dir.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        List<Integer> signalled = new ArrayList<>();
        List<Integer> left = driver.killAll("jcompose/c1", pid -> {
            signalled.add(pid);
            write(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            write(dir.resolve("cgroup.procs"), "");
        }, Duration.ofSeconds(5));
        assertThat(left).isEmpty();
        assertThat(signalled).containsExactly(5);
    }

    @Test
    void removeDeletesTheGroupAndToleratesAGoneOne() {
        kernelGroup("jcompose/c1");
        driver.create("jcompose/c1", CgroupResources.none());
        assertThat(driver.procsFiles("jcompose/c1")).containsExactly(root.resolve("jcompose/c1/cgroup.procs"));
        driver.remove("jcompose/c1");
        driver.remove("jcompose/c1");
        assertThat(root.resolve("jcompose/c1")).doesNotExist();
        assertThat(root.resolve("jcompose")).isDirectory();
    }
}
