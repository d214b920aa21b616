package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docker export and docker commit through the docker CLI. */
class DockerExportCommitE2E extends DockerCliBase {

    /** The names in a tar file, by the host's tar. */
    private static List<String> tarList(Path tar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "tf", tar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    @DisplayName("export of a running and of a stopped container: image and changes, no mount's content, no deleted file")
    void export() throws Exception {
        Path host = Files.createDirectories(engine.dir.resolve("export-bind"));
        Files.writeString(host.resolve("on-host.txt"), "bound\n");
        ok("run", "-d", "--name", "exp", "-v", host + ":/data", "--tmpfs", "/scratch", image, "sleep", "300");
        try {
            ok("exec", "exp", "sh", "-c", "echo written > /written.txt && echo t > /scratch/in-tmpfs && rm /etc/group"
                    + " && dd if=/dev/zero of=/big bs=1M count=16 2>/dev/null");
            Path running = engine.dir.resolve("running.tar");
            ok("export", "-o", running.toString(), "exp");
            List<String> names = tarList(running);
            assertThat(Files.size(running)).isGreaterThan(16L << 20);
            assertThat(names).contains("bin/busybox", "written.txt", "big", "etc/passwd", "data/", "scratch/", "proc/",
                    "sys/", "etc/hosts", "etc/hostname", "etc/resolv.conf", ".dockerenv")
                    .doesNotContain("data/on-host.txt", "scratch/in-tmpfs", "etc/group")
                    .allSatisfy(n -> assertThat(n).doesNotStartWith("/").doesNotStartWith("proc/1"));
            assertThat(names.stream().filter(n -> n.startsWith("proc/") || n.startsWith("sys/"))).hasSize(2);
            ok("stop", "-t", "1", "exp");
            Path stopped = engine.dir.resolve("stopped.tar");
            ok("export", "-o", stopped.toString(), "exp");
            assertThat(tarList(stopped)).containsExactlyElementsOf(names);
        } finally {
            ok("rm", "-f", "exp");
        }
        Docker.Result missing = fails("export", "-o", engine.dir.resolve("none.tar").toString(), "nope");
        assertThat(missing.err()).contains("No such container: nope");
    }

    @Test
    @DisplayName("export, diff and ps -s of a container that swaps a directory for a symlink to the host's /tmp never reach the host")
    void exportOfASymlinkSwapper() throws Exception {
        Path marker = Files.createTempFile(Path.of("/tmp"), "jcompose-host-only-", ".txt");
        ok("run", "-d", "--name", "swapper", image, "sh", "-c",
                "mkdir -p /d && echo inside > /d/f; while true; do mv /d /d2; ln -s /tmp /d; rm /d; mv /d2 /d; done");
        try {
            for (int i = 0; i < 15; i++) {
                Path tar = engine.dir.resolve("swap.tar");
                ok("export", "-o", tar.toString(), "swapper");
                assertThat(tarList(tar)).as("export %d", i).noneMatch(n -> n.contains(marker.getFileName().toString()));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(ok("diff", "swapper").out()).as("diff %d", i).doesNotContain(marker.getFileName().toString());
                assertThat(ok("ps", "-s", "--filter", "name=swapper", "--format", "{{.Size}}").out()).isNotBlank();
            }
            // it was frozen only while the walk ran
            assertThat(ok("inspect", "-f", "{{.State.Status}}", "swapper").out().strip()).isEqualTo("running");
            assertThat(ok("exec", "swapper", "echo", "alive").out()).isEqualTo("alive\n");
        } finally {
            ok("rm", "-f", "swapper");
            Files.deleteIfExists(marker);
        }
    }

    @Test
    @DisplayName("commit -c -m -a of a running container: the image runs the committed file, a deleted file stays deleted, "
            + "history, inspect and save show the new layer and the changes")
    void commitRunning() throws Exception {
        String ref = "jcompose-test/committed:v1";
        ok("run", "-d", "--name", "src", "-e", "FROM_RUN=1", image, "sleep", "300");
        try {
            ok("exec", "src", "sh", "-c", "echo committed > /x && rm /etc/group && mkdir -p /opt/d && echo in > /opt/d/f");
            String id = ok("commit", "-c", "CMD [\"cat\", \"/x\"]", "-c", "ENV COMMITTED=yes", "-c", "LABEL stage=two",
                    "-c", "EXPOSE 8080", "-c", "HEALTHCHECK --interval=5s CMD [\"true\"]", "-m", "msg", "-a", "me", "src", ref).out().strip();
            assertThat(id).startsWith("sha256:");
            assertThat(ok("inspect", "-f", "{{.State.Status}}", "src").out().strip()).isEqualTo("running");
        } finally {
            ok("rm", "-f", "src");
        }
        try {
            assertThat(ok("run", "--rm", ref).out()).isEqualTo("committed\n");
            Docker.Result deleted = docker.run("run", "--rm", ref, "cat", "/etc/group");
            assertThat(deleted.code()).as(deleted.text()).isNotZero();
            assertThat(deleted.err()).contains("No such file");
            assertThat(ok("run", "--rm", ref, "sh", "-c", "echo $COMMITTED $FROM_RUN; cat /opt/d/f; ls /etc").out())
                    .isEqualTo("yes 1\nin\nhostname\nhosts\npasswd\nresolv.conf\n");
            assertThat(ok("history", "--format", "{{.Comment}}|{{.CreatedBy}}", ref).out().lines().toList())
                    .hasSize(2).first().isEqualTo("msg|sleep 300");
            assertThat(ok("image", "inspect", "-f", "{{json .Config.Cmd}} {{.Config.Labels.stage}} "
                    + "{{json .Config.ExposedPorts}} {{.Author}} {{.Comment}} {{len .RootFS.Layers}} "
                    + "{{json .Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}", ref).out().strip())
                    .isEqualTo("[\"cat\",\"/x\"] two {\"8080/tcp\":{}} me msg 2 [\"CMD\",\"true\"] 5s");
            Path saved = engine.dir.resolve("committed.tar");
            ok("save", "-o", saved.toString(), ref);
            assertThat(tarList(saved)).contains("manifest.json", "index.json");
        } finally {
            ok("rmi", ref);
        }
    }

    @Test
    @DisplayName("commit of a stopped container without a name gives an untagged image that runs; unknown changes are refused")
    void commitStopped() {
        ok("run", "--name", "done", image, "sh", "-c", "echo after > /y");
        try {
            Docker.Result bad = fails("commit", "-c", "RUN true", "done");
            assertThat(bad.err()).contains("run is not a valid change command");
            String id = ok("commit", "done").out().strip();
            assertThat(ok("run", "--rm", id, "cat", "/y").out()).isEqualTo("after\n");
            ok("rmi", id);
        } finally {
            ok("rm", "-f", "done");
        }
    }
}
