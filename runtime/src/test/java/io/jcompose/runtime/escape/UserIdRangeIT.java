package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PENDING (docs/security-review.md, finding 2): ProcessSpec takes any int as uid/gid and the
 * launcher passes strtoul("-1") = (uid_t)-1 to setresuid/setresgid, which means "leave
 * unchanged": a process asked to run as uid -1 runs as root with the full default capability
 * set. Rename to .java once ProcessSpec (or the launcher) rejects ids outside 0..2^32-2.
 */
@RequiresRoot
class UserIdRangeIT {
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
    void aNegativeUidIsRefusedNotRoot() {
        Throwable t = catchThrowable(() -> {
            var spec = h.sh(h.image(), "exec escape-probe ids");
            spec = spec.withProcess(spec.process().withUser(-1, -1, List.of()));
            var r = h.run(spec);
            assertThat(r.stdout()).doesNotContain("euid=0");
        });
        // refused up front is the fix; running as anything but root would do too
        if (t != null) {
            assertThat(t).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
