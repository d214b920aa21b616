package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.engine.server.ApiServer;
import io.jcompose.testing.EngineBinaries;
import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code jcompose engine start}: the daemon outlives the command, in a session of its own; {@code stop} ends it. */
@RequiresRoot
class EngineStartE2E {
    private final String instance = io.jcompose.testing.NetworkInstances.unused();
    private Path dir;

    private record Run(int status, String output) {}

    private Run engine(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(EngineBinaries.jvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.jcompose.engine.cli.EngineMain"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jcompose engine " + String.join(" ", args) + " did not return within 60 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopAndClean() throws Exception {
        if (dir != null) {
            Path sock = dir.resolve("e.sock");
            if (ApiServer.answers(sock)) {
                engine("stop", "--socket", sock.toString());
            }
            EngineBinaries.mountsUnder(dir).forEach(m -> run("umount", "-l", m));
            run("rm", "-rf", dir.toString());
        }
    }

    private static void run(String... cmd) {
        try {
            new ProcessBuilder(cmd).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startsInTheBackgroundOnceAndStops() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "jcs-");
        Path sock = dir.resolve("e.sock");
        String[] start = {"start", "--socket", sock.toString(), "--state-dir", dir.resolve("state").toString(),
                "--ephemeral", "--network-instance", instance};

        Run first = engine(start);
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(first.output()).contains("jcompose engine started on unix://" + sock,
                "log: " + dir.resolve("state/engine.log"));
        assertThat(EngineClient.of(sock).ping()).isEqualTo("1.44");
        long pid = Long.parseLong(Files.readString(Path.of(sock + ".pid")).strip());
        assertThat(sessionOf(pid)).as("the daemon leads a session of its own").isEqualTo(pid);

        Run second = engine(start);
        assertThat(second.status()).isZero();
        assertThat(second.output()).contains("jcompose engine is already running on unix://" + sock);
        assertThat(Files.readString(Path.of(sock + ".pid")).strip()).isEqualTo(Long.toString(pid));

        Run status = engine("status", "--socket", sock.toString());
        assertThat(status.status()).isZero();
        Run stop = engine("stop", "--socket", sock.toString());
        assertThat(stop.output()).contains("jcompose engine stopped");
        assertThat(ApiServer.answers(sock)).isFalse();
        assertThat(Files.readString(dir.resolve("state/engine.log"))).contains("INFO io.jcompose.engine - jcompose engine");
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command name). */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]);
    }
}
