package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 4: kill -9 of the engine while containers run; a new engine lists them all, in the right state. */
@RequiresRoot
class EngineRestartE2E {

    private static String until(Docker docker, String container, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = docker.run("logs", container).out();
            if (last.contains(expected)) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    @Test
    @DisplayName("after kill -9 and a new engine: running containers still run, exits meanwhile are recorded, logs continue")
    void survivesKill9() throws Exception {
        try (EngineProcess engine = EngineProcess.start()) {
            engine.loadBusybox();
            Docker docker = new Docker(engine.socket);
            String image = TestImages.BUSYBOX;
            assertThat(docker.run("run", "-d", "--name", "ticker", "-l", "crash=test", image, "sh", "-c",
                    "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").code()).isZero();
            assertThat(docker.run("run", "-d", "--name", "short", image, "sh", "-c", "sleep 1; exit 4").code()).isZero();
            assertThat(docker.run("create", "--name", "fresh", image, "true").code()).isZero();
            assertThat(docker.run("run", "-d", "--name", "quiet", "--network", "none", image, "sleep", "300").code())
                    .isZero();
            String quietNs = docker.run("exec", "quiet", "readlink", "/proc/self/ns/net").out();
            assertThat(until(docker, "ticker", "tick 2")).contains("tick 2");
            String pid = docker.run("inspect", "-f", "{{.State.Pid}}", "ticker").out().strip();

            engine.kill9();
            Thread.sleep(1500);
            engine.restart();

            assertThat(docker.run("ps", "-a", "--format", "{{.Names}} {{.State}}").out().lines().sorted().toList())
                    .containsExactly("fresh created", "quiet running", "short exited", "ticker running");
            // a none container's namespace is its process's own; a new container still joins it
            assertThat(docker.run("run", "--rm", "--network", "container:quiet", image, "readlink", "/proc/self/ns/net")
                    .out()).isEqualTo(quietNs).startsWith("net:");
            assertThat(docker.run("inspect", "-f", "{{.State.ExitCode}}", "short").out().strip()).isEqualTo("4");
            assertThat(docker.run("inspect", "-f", "{{.State.Pid}}", "ticker").out().strip()).isEqualTo(pid);
            int before = docker.run("logs", "ticker").out().split("\n").length;
            String later = until(docker, "ticker", "tick " + (before + 3));
            assertThat(later).contains("tick 0").contains("tick " + (before + 3));
            assertThat(docker.run("ps", "-a", "-q", "--filter", "label=crash=test").out().strip()).hasSize(12);
            assertThat(docker.run("stop", "-t", "1", "ticker").code()).isZero();
            assertThat(docker.run("inspect", "-f", "{{.State.Status}}", "ticker").out().strip()).isEqualTo("exited");
            assertThat(docker.run("rm", "-f", "quiet").code()).isZero();
        }
    }
}
