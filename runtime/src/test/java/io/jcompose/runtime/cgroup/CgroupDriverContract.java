package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link CgroupDriver} does, checked against each implementation on file trees:
 * the fake and both real drivers ({@link CgroupDriverIT} covers the host's hierarchy).
 */
abstract class CgroupDriverContract {
    @TempDir
    Path tmp;

    /** A driver on a fresh hierarchy under {@code root}. */
    abstract CgroupDriver driver(Path root);

    /** Puts {@code pid} into the group the way the hierarchy would show it. */
    abstract void join(CgroupDriver driver, String name, int pid);

    /** Makes every process of the group gone, as their exit would. */
    abstract void empty(CgroupDriver driver, String name);

    @Test
    void aCreatedGroupHasProcsFilesAndNoPids() {
        CgroupDriver d = driver(tmp);
        d.create("jcompose/a", CgroupResources.none().withMemory(1 << 26).withPidsLimit(10));
        assertThat(d.procsFiles("jcompose/a")).isNotEmpty().allMatch(p -> p.endsWith("cgroup.procs"));
        assertThat(d.pids("jcompose/a")).isEmpty();
        assertThat(d.version()).isIn("v1", "v2");
    }

    @Test
    void pidsAreSortedAndAnEmptiedGroupIsRemovedIdempotently() {
        CgroupDriver d = driver(tmp);
        d.create("jcompose/a", CgroupResources.none());
        join(d, "jcompose/a", 31);
        join(d, "jcompose/a", 30);
        assertThat(d.pids("jcompose/a")).containsExactly(30, 31);
        empty(d, "jcompose/a");
        List<Integer> signalled = new ArrayList<>();
        assertThat(d.killAll("jcompose/a", signalled::add, Duration.ofSeconds(5))).isEmpty();
        assertThat(signalled).as("nothing left to kill").isEmpty();
        d.remove("jcompose/a");
        d.remove("jcompose/a");
        assertThat(d.pids("jcompose/a")).isEmpty();
    }

    @Test
    void badNamesAreRefused() {
        CgroupDriver d = driver(tmp);
        assertThatThrownBy(() -> d.create("../x", CgroupResources.none())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.remove("a/../../b")).isInstanceOf(IllegalArgumentException.class);
    }
}
