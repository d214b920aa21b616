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
            ok("exec", "exp", "sh", "-c", "echo written > /written.txt && echo t > /scratch/in-tmpfs && rm /etc/group");
            Path running = engine.dir.resolve("running.tar");
            ok("export", "-o", running.toString(), "exp");
            List<String> names = tarList(running);
            assertThat(names).contains("bin/busybox", "written.txt", "etc/passwd", "data/", "scratch/", "proc/",
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
}
