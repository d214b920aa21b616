package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.cgroup.CgroupResources;
import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.container.LogOptions;
import io.jcompose.runtime.container.Ulimit;
import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container that abuses resources is stopped by its limits, and the host is fine. */
@RequiresRoot
class ResourceAbuseIT {
    @TempDir
    Path tmp;
    EscapeHarness h;

    @BeforeEach
    void setUp() {
        h = new EscapeHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aShellForkBombStaysUnderThePidsLimitAndIsRemovable() throws Exception {
        var spec = h.sh(h.image(), "b() { b | b & }; b; sleep 300").withResources(CgroupResources.none().withPidsLimit(40));
        h.start(spec);
        long max = 0;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            max = Math.max(max, h.runtime.stats(spec.id()).pids());
            Thread.sleep(50);
        }
        assertThat(max).isBetween(1L, 40L);
        assertThat(h.runtime.stats(spec.id()).pidsLimit()).isEqualTo(40);
        h.runtime.remove(spec.id(), true);
        assertThat(Path.of("/sys/fs/cgroup/pids/jcompose", spec.id())).doesNotExist();
        // the host still forks
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
    }

    @Test
    void aMemoryHogIsOomKilledWith137() {
        var spec = h.sh(h.image(), "exec escape-probe hog 512")
                .withResources(CgroupResources.none().withMemory(32L << 20).withMemorySwap(32L << 20));
        var r = h.run(spec);
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.oomKilled()).isTrue();
        assertThat(h.runtime.inspect(spec.id()).oomKilled()).isTrue();
    }

    @Test
    void filesInATmpfsCountAgainstTheMemoryLimit() {
        var spec = h.sh(h.image(), "dd if=/dev/zero of=/scratch/fill bs=1M count=128 2>&1; echo dd-finished")
                .withMounts(List.of(io.jcompose.runtime.container.TmpfsMount.of("/scratch").withSize(256L << 20)))
                .withResources(CgroupResources.none().withMemory(32L << 20).withMemorySwap(32L << 20));
        var r = h.run(spec);
        // the OOM killer stops the writer (usually dd, the shell lives on): tmpfs pages are charged to the container
        assertThat(r.all()).doesNotContain("128+0 records out");
        assertThat(r.oomKilled()).isTrue();
    }

    @Test
    void aLogFloodIsBoundedByRotation() throws IOException {
        var spec = h.sh(h.image(), "escape-probe flood 24").withLog(new LogOptions(1L << 20, 3));
        var r = h.run(spec);
        assertThat(r.exitCode()).isZero();
        long total;
        List<String> files;
        try (Stream<Path> s = Files.list(h.runtime.dir(spec.id()).dir())) {
            List<Path> logs = s.filter(p -> p.getFileName().toString().startsWith("log.json")).sorted().toList();
            files = logs.stream().map(p -> p.getFileName().toString()).toList();
            total = 0;
            for (Path p : logs) {
                total += Files.size(p);
            }
        }
        assertThat(files).containsExactly("log.json", "log.json.1", "log.json.2");
        // three files of at most max-size plus one entry each
        assertThat(total).isLessThanOrEqualTo(3 * ((1L << 20) + 17 * 1024));
        assertThat(r.stdout()).endsWith("flood-done\n");
    }

    @Test
    void openFilesStopAtTheUlimit() {
        var spec = h.sh(h.image(), "exec escape-probe nofile 100000").withLimits(Map.of(),
                List.of(new Ulimit("nofile", 64, 64)), 64L << 20);
        assertThat(h.run(spec).stdout()).isEqualTo("opened=61 stopped=EMFILE\n");
    }

    @Test
    void aUlimitAboveTheEnginesHardLimitIsRefusedNotRaised() throws IOException {
        long hard = Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.trim().split("\\s+")[4]).map(Long::parseLong).findFirst().orElseThrow();
        var spec = h.sh(h.image(), "ulimit -n").withLimits(Map.of(),
                List.of(new Ulimit("nofile", hard + 1, hard + 1)), 64L << 20);
        assertThatThrownBy(() -> h.run(spec)).isInstanceOf(ContainerException.class)
                .hasMessageContaining("above the hard limit");
    }
}
