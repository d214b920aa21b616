package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runc CVE-2024-21626 class: no host file descriptor and no host working directory
 * reaches a container process, whether it is PID 1 or an exec, and a working directory of
 * {@code /proc/self/fd/N} cannot reopen something of the launcher's.
 */
@RequiresRoot
class LeakedDescriptorIT {
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
    void pid1HasOnlyStdioAndARootWorkingDirectory() {
        var r = h.run(h.sh(h.image(), "exec escape-probe fds"));
        assertThat(r.stdout()).matches("fds=0:/dev/null 1:pipe:\\[\\d+\\] 2:pipe:\\[\\d+\\] \ncwd=/\n");
    }

    @Test
    void withATtyPid1HasOnlyItsTerminal() {
        var spec = h.sh(h.image(), "exec escape-probe fds");
        spec = spec.withProcess(spec.process().withTty(true, false, false));
        var r = h.run(spec);
        assertThat(r.stdout()).matches("fds=0:/dev/pts/(\\d+) 1:/dev/pts/\\1 2:/dev/pts/\\1 \r?\ncwd=/\r?\n");
    }

    @Test
    void anExecHasOnlyStdioAndItsOwnWorkingDirectory() throws Exception {
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        var e = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c",
                "escape-probe fds > /tmp/fds; ls /proc/1/fd > /tmp/pid1; (readlink /proc/self/cwd; readlink /proc/1/cwd; readlink /proc/1/root) > /tmp/cwd"))
                .withCwd("/tmp"));
        assertThat(h.awaitExec(spec.id(), e.execId())).isZero();
        // fd 1 is the redirect to /tmp/fds; 0 and 2 are the exec's own stdio
        assertThat(h.upperFile(spec.id(), "/tmp/fds")).matches("fds=0:\\S+ 1:/tmp/fds 2:\\S+ \ncwd=/tmp\n")
                .doesNotContain("/work", "jcompose", "junit");
        assertThat(h.upperFile(spec.id(), "/tmp/pid1")).isEqualTo("0\n1\n2\n");
        assertThat(h.upperFile(spec.id(), "/tmp/cwd")).isEqualTo("/tmp\n/\n/\n");
    }

    @Test
    void aWorkingDirectoryThroughProcSelfFdIsRefusedOrStaysInside() {
        var layers = h.image();
        for (int fd = 3; fd <= 9; fd++) {
            var spec = h.sh(layers, "exec escape-probe fds");
            spec = spec.withProcess(spec.process().withCwd("/proc/self/fd/" + fd));
            final var s = spec;
            Throwable t = catchThrowable(() -> h.run(s));
            if (t == null) {
                assertThat(h.output(s.id(), "stdout")).as("fd %d", fd).containsPattern("cwd=/\\S*\n")
                        .doesNotContain("cwd=(unreachable)", "/work", "junit");
            } else {
                assertThat(t).as("fd %d", fd).isInstanceOf(ContainerException.class)
                        .hasMessageContaining("/proc/self/fd/" + fd);
            }
        }
    }

    @Test
    void anExecWithAWorkingDirectoryThroughProcSelfFdIsRefusedOrStaysInside() {
        var spec = h.sh(h.image(), "sleep 300");
        h.start(spec);
        for (int fd = 3; fd <= 9; fd++) {
            final int n = fd;
            Throwable t = catchThrowable(() -> {
                var e = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c", "escape-probe fds > /fds" + n))
                        .withCwd("/proc/self/fd/" + n));
                h.awaitExec(spec.id(), e.execId());
            });
            if (t == null) {
                assertThat(h.upperFile(spec.id(), "/fds" + n)).as("fd %d", fd)
                        .doesNotContain("(unreachable)", "/work", "junit");
            } else {
                assertThat(t).as("fd %d", fd).isInstanceOf(ContainerException.class);
            }
        }
    }
}
