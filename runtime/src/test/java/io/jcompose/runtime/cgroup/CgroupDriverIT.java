package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The detected driver (v1 on this machine) against the host's real /sys/fs/cgroup. */
@RequiresRoot
class CgroupDriverIT {
    private final CgroupDriver driver = CgroupDriver.detect();
    private final String prefix = "jcompose-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> processes = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        for (String group : groups) {
            driver.killAll(group, Duration.ofSeconds(5));
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = groups.size() - 1; i >= 0; i--) {
            driver.remove(groups.get(i));
        }
        driver.remove(prefix);
        assertThat(groupDirs(prefix)).as("nothing left under /sys/fs/cgroup").allMatch(d -> !Files.exists(d));
    }

    private String group(String leaf, CgroupResources resources) {
        String name = prefix + "/" + leaf;
        groups.add(name);
        driver.create(name, resources);
        return name;
    }

    /** The directories of {@code name} in every hierarchy. */
    private List<Path> groupDirs(String name) {
        return driver.procsFiles(name).stream().map(Path::getParent).toList();
    }

    /** Starts {@code sh -c script} held at a "read" until it is in {@code group}, then lets it go. */
    private Process startIn(String group, String script) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "read go; " + script)
                .redirectErrorStream(true).start();
        processes.add(p);
        for (Path procs : driver.procsFiles(group)) {
            Files.writeString(procs, Long.toString(p.pid()));
        }
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        return p;
    }

    /** Waits (at most 5 s) until the process runs the named program. */
    private static void awaitComm(Process p, String comm) throws IOException, InterruptedException {
        Path file = Path.of("/proc", Long.toString(p.pid()), "comm");
        for (int i = 0; i < 500 && !Files.readString(file).strip().equals(comm); i++) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(file).strip()).isEqualTo(comm);
    }

    /** What the kernel says about the group's freezer. */
    private String freezeState(String name) throws IOException {
        for (Path dir : groupDirs(name)) {
            if (Files.exists(dir.resolve("freezer.state"))) {
                return read(dir.resolve("freezer.state")).toLowerCase(java.util.Locale.ROOT);
            }
            if (Files.exists(dir.resolve("cgroup.freeze"))) {
                return read(dir.resolve("cgroup.events")).contains("frozen 1") ? "frozen" : "thawed";
            }
        }
        throw new AssertionError("no freezer for " + name);
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException gone) {
            return "";
        }
    }

    private static void eventually(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (check.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not within 5 s: " + what);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    @Test
    void limitsFreezeStatsAndRemoveOnTheRealHierarchy() throws Exception {
        String name = group("c1", CgroupResources.none().withMemory(64 << 20).withCpuQuota(50_000, 100_000)
                .withCpuShares(512).withPidsLimit(64).withCpuset(java.util.Optional.of("0"), java.util.Optional.of("0")));
        Path any = groupDirs(name).get(0);
        if (driver.version().equals("v1")) {
            Path root = any.getParent().getParent().getParent();
            assertThat(read(root.resolve("memory").resolve(name).resolve("memory.limit_in_bytes"))).isEqualTo("67108864");
            assertThat(read(root.resolve("cpu").resolve(name).resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
            assertThat(read(root.resolve("cpu").resolve(name).resolve("cpu.shares"))).isEqualTo("512");
            assertThat(read(root.resolve("pids").resolve(name).resolve("pids.max"))).isEqualTo("64");
            assertThat(read(root.resolve("cpuset").resolve(name).resolve("cpuset.cpus"))).isEqualTo("0");
            assertThat(read(root.resolve("cpuset").resolve(prefix).resolve("cpuset.cpus"))).as("copied from the root")
                    .isEqualTo(read(root.resolve("cpuset/cpuset.cpus")));
        } else {
            assertThat(read(any.resolve("memory.max"))).isEqualTo("67108864");
            assertThat(read(any.resolve("cpu.max"))).isEqualTo("50000 100000");
            assertThat(read(any.resolve("pids.max"))).isEqualTo("64");
            assertThat(read(any.resolve("cpuset.cpus"))).isEqualTo("0");
        }

        Process sleep = startIn(name, "exec sleep 30");
        // the exec gives the process a new address space charged to this group; wait for it
        awaitComm(sleep, "sleep");
        assertThat(driver.pids(name)).containsExactly((int) sleep.pid());
        // charged to the group only once it runs there: wait for the exec and its first pages
        eventually("sleep runs in the group", () -> comm(sleep.pid()).equals("sleep")
                && driver.stats(name).memoryUsageBytes() > 0 && driver.stats(name).cpuUsageNanos() > 0);

        driver.freeze(name, true);
        assertThat(freezeState(name)).isEqualTo("frozen");
        driver.freeze(name, false);
        assertThat(freezeState(name)).isEqualTo("thawed");

        CgroupStats stats = driver.stats(name);
        assertThat(stats.pids()).isEqualTo(1);
        assertThat(stats.pidsLimit()).isEqualTo(64);
        assertThat(stats.memoryLimitBytes()).isEqualTo(64 << 20);
        assertThat(stats.memoryUsageBytes()).isPositive();
        assertThat(stats.cpuUsageNanos()).isPositive();
        assertThat(driver.oomKilled(name)).isFalse();

        driver.update(name, CgroupResources.none().withMemory(128 << 20));
        assertThat(driver.stats(name).memoryLimitBytes()).isEqualTo(128 << 20);

        assertThat(driver.killAll(name, Duration.ofSeconds(5))).isEmpty();
        assertThat(sleep.waitFor(5, TimeUnit.SECONDS)).isTrue();
        driver.remove(name);
        driver.remove(name);
        assertThat(groupDirs(name)).allMatch(d -> !Files.exists(d));
    }

    @Test
    void aMemoryHogIsOomKilledAndTheGroupSaysSo() throws Exception {
        // no swap either, or a host with swap would page the hog out instead of killing it
        String name = group("hog", CgroupResources.none().withMemory(16 << 20).withMemorySwap(16 << 20));
        for (Path dir : groupDirs(name)) {
            if (Files.exists(dir.resolve("memory.swappiness"))) {
                Files.writeString(dir.resolve("memory.swappiness"), "0");
            }
        }
        // dd fills a 64 MiB buffer from /dev/zero: four times the limit
        Process hog = startIn(name, "exec dd if=/dev/zero of=/dev/null bs=64M count=1");
        assertThat(hog.waitFor(30, TimeUnit.SECONDS)).as("hog ended").isTrue();
        assertThat(hog.exitValue()).isEqualTo(137);
        assertThat(driver.oomKilled(name)).isTrue();
    }

    @Test
    void aForkLoopStopsAtThePidsLimit() throws Exception {
        String name = group("forks", CgroupResources.none().withPidsLimit(10));
        Process loop = startIn(name, "i=0; while [ $i -lt 100 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo all forked");
        assertThat(loop.waitFor(30, TimeUnit.SECONDS)).as("loop ended").isTrue();
        String output = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("all forked").containsIgnoringCase("fork");
        assertThat(driver.pids(name)).hasSizeBetween(1, 10);
        Map<String, Long> events = ControlFiles.readKeyed(name, pidsDir(name).resolve("pids.events"));
        assertThat(events.get("max")).isPositive();
        assertThat(driver.killAll(name, Duration.ofSeconds(10))).isEmpty();
    }

    private Path pidsDir(String name) {
        return driver.procsFiles(name).stream().map(Path::getParent)
                .filter(d -> Files.exists(d.resolve("pids.events"))).findFirst().orElseThrow();
    }
}
