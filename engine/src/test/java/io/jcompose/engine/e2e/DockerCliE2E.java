package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 4: the real docker CLI against a jcompose engine on a socket of its own. */
class DockerCliE2E extends DockerCliBase {

    @Test
    @DisplayName("version, info and images describe the engine and the loaded image")
    void versionInfoImages() {
        assertThat(ok("version").out()).contains("Server: jcompose engine 0.1.0").contains("1.44")
                .contains("25.0.0").contains("jcompose");
        assertThat(ok("info").out()).contains("Server Version: 25.0.0").contains("Cgroup Driver: cgroupfs");
        assertThat(ok("images").out()).contains("jcompose-test/busybox").contains("latest");
    }

    @Test
    @DisplayName("run --rm prints the command's output, passes its exit code and leaves no container")
    void runRm() {
        assertThat(ok("run", "--rm", image, "echo", "hi").out()).isEqualTo("hi\n");
        Docker.Result failed = docker.run("run", "--rm", image, "sh", "-c", "echo err >&2; exit 7");
        assertThat(failed.code()).isEqualTo(7);
        assertThat(failed.err()).contains("err");
        assertThat(ok("ps", "-aq", "--filter", "label=never").out()).isEmpty();
    }

    @Test
    @DisplayName("run of a command that is missing or not executable exits 127 or 126, as with Docker")
    void runMissingCommand() {
        Docker.Result missing = docker.run("run", "--rm", image, "/no/such/binary");
        assertThat(missing.code()).as(missing.text()).isEqualTo(127);
        assertThat(missing.err()).contains("/no/such/binary").contains("no such file or directory");
        Docker.Result notInPath = docker.run("run", "--rm", image, "no-such-command");
        assertThat(notInPath.code()).as(notInPath.text()).isEqualTo(127);
        assertThat(notInPath.err()).contains("executable file not found in $PATH");
        Docker.Result notExecutable = docker.run("run", "--rm", image, "/etc/passwd");
        assertThat(notExecutable.code()).as(notExecutable.text()).isEqualTo(126);
        assertThat(notExecutable.err()).contains("permission denied");
    }

    @Test
    @DisplayName("run -d, ps with label filters, logs -f, top, stats, exec, cp, stop, start, restart, kill, wait, inspect, rm -f")
    void lifecycle() throws Exception {
        String id = ok("run", "-d", "--name", "life", "-l", "suite=cli", image, "sh", "-c",
                "trap 'exit 0' TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").out().strip();
        assertThat(id).hasSize(64);
        assertThat(ok("ps").out()).contains("life");
        assertThat(ok("ps", "-a", "--filter", "label=suite=cli", "--format", "{{.Names}}").out().strip()).isEqualTo("life");
        assertThat(ok("ps", "-a", "--filter", "label=suite=other", "-q").out()).isEmpty();

        Process follow = docker.start("logs", "-f", "life");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("tick 0");
            assertThat(r.readLine()).isEqualTo("tick 1");
            assertThat(r.readLine()).isEqualTo("tick 2");
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }

        String top = ok("top", "life").out();
        assertThat(top.lines().findFirst().orElseThrow().split("\\s+")).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top).contains("while true").doesNotContain("java");
        String aux = ok("top", "life", "-o", "pid,rss,comm").out();
        assertThat(aux.lines().findFirst().orElseThrow().strip().split("\\s+")).containsExactly("PID", "RSS", "COMMAND");
        assertThat(aux).contains("sh");
        assertThat(ok("stats", "--no-stream", "life").out()).contains("life").contains("MEM USAGE");
        assertThat(ok("exec", "life", "echo", "from-exec").out()).isEqualTo("from-exec\n");
        assertThat(docker.run("exec", "life", "sh", "-c", "exit 3").code()).isEqualTo(3);
        Docker.Result tty = docker.runWithTty(null, "exec", "-it", "life", "sh", "-c", "tty; echo in-tty");
        assertThat(tty.code()).as(tty.text()).isZero();
        assertThat(tty.out()).contains("/dev/pts/").contains("in-tty");
        Docker.Result sized = docker.runWithTtySized(33, 111, null, "exec", "-it", "life", "stty", "size");
        assertThat(sized.out()).as("the exec's first command sees the client's terminal size").contains("33 111");
        Docker.Result run = docker.runWithTtySized(29, 97, null, "run", "--rm", "-it", image, "stty", "size");
        assertThat(run.out()).as("so does a container's").contains("29 97");

        Path host = engine.dir.resolve("cp-in.txt");
        Files.writeString(host, "copied in\n");
        ok("cp", host.toString(), "life:/tmp/");
        assertThat(ok("exec", "life", "cat", "/tmp/cp-in.txt").out()).isEqualTo("copied in\n");
        ok("exec", "life", "sh", "-c", "echo made inside > /tmp/out.txt");
        Path back = engine.dir.resolve("cp-out.txt");
        ok("cp", "life:/tmp/out.txt", back.toString());
        assertThat(Files.readString(back)).isEqualTo("made inside\n");

        ok("stop", "life");
        assertThat(ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "life").out().strip()).isEqualTo("exited 0");
        ok("start", "life");
        ok("restart", "-t", "1", "life");
        assertThat(ok("inspect", "-f", "{{.State.Running}} {{.RestartCount}}", "life").out().strip()).startsWith("true");
        ok("kill", "life");
        assertThat(ok("wait", "life").out().strip()).isEqualTo("137");
        assertThat(ok("inspect", "life").out()).contains("\"Status\": \"exited\"").contains("\"suite\": \"cli\"");
        ok("rm", "-f", "life");
        assertThat(docker.run("inspect", "life").code()).isNotZero();
    }

    @Test
    @DisplayName("exec --privileged gets every capability the engine holds and no seccomp; a plain exec keeps Docker's set")
    void privilegedExec() throws Exception {
        String bounding = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .findFirst().orElseThrow().split("\t")[1];
        String[] status = {"grep", "-E", "^(CapEff|NoNewPrivs|Seccomp):", "/proc/self/status"};
        ok("run", "-d", "--name", "privexec", image, "sleep", "300");
        try {
            assertThat(ok(exec("--privileged", status)).out()).isEqualTo("CapEff:\t" + bounding + "\nNoNewPrivs:\t0\nSeccomp:\t0\n");
            assertThat(ok(exec(null, status)).out()).isEqualTo("CapEff:\t00000000a80425fb\nNoNewPrivs:\t1\nSeccomp:\t2\n");
            String[] ids = ok("inspect", "-f", "{{range .ExecIDs}}{{.}} {{end}}", "privexec").out().strip().split(" ");
            var client = engine.client();
            assertThat(java.util.Arrays.stream(ids).map(client::inspectExec).map(e -> e.processConfig().privileged()))
                    .containsExactlyInAnyOrder(true, false);
        } finally {
            ok("rm", "-f", "privexec");
        }
    }

    private static String[] exec(String flag, String[] command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("exec"));
        if (flag != null) {
            args.add(flag);
        }
        args.add("privexec");
        args.addAll(java.util.List.of(command));
        return args.toArray(String[]::new);
    }

    @Test
    @DisplayName("events streams the container lifecycle with filters")
    void events() throws Exception {
        Process events = docker.start("events", "--filter", "type=container", "--filter", "label=suite=events",
                "--format", "{{.Action}}");
        try {
            Thread.sleep(300);
            ok("run", "--rm", "-l", "suite=events", image, "true");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(r.readLine()).isEqualTo("create");
                assertThat(r.readLine()).isEqualTo("attach");
                assertThat(r.readLine()).isEqualTo("start");
                assertThat(r.readLine()).isEqualTo("die");
                assertThat(r.readLine()).isEqualTo("destroy");
            }
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String eventually(String expected, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = docker.run(args).out().strip();
            if (last.equals(expected)) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    @Test
    @DisplayName("restart policies restart with back-off up to their limit; healthchecks report healthy and unhealthy")
    void supervision() throws Exception {
        ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", image, "sh", "-c", "echo run; exit 1");
        assertThat(eventually("2 exited 1", "inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}",
                "flaky")).as("%s\nengine log:\n%s", docker.run("inspect", "-f", "{{.State.Error}}", "flaky").text(),
                tail(engine.logText())).isEqualTo("2 exited 1");
        Thread.sleep(1000);
        assertThat(ok("inspect", "-f", "{{.RestartCount}}", "flaky").out().strip()).isEqualTo("2");
        assertThat(ok("logs", "flaky").out()).isEqualTo("run\nrun\nrun\n");

        ok("run", "-d", "--name", "well", "--health-cmd", "test -f /tmp/ready", "--health-interval", "200ms",
                image, "sh", "-c", "sleep 0.5; touch /tmp/ready; sleep 60");
        assertThat(eventually("healthy", "inspect", "-f", "{{.State.Health.Status}}", "well")).isEqualTo("healthy");
        assertThat(ok("ps", "--filter", "name=well", "--format", "{{.Status}}").out()).contains("(healthy)");

        ok("run", "-d", "--name", "ill", "--health-cmd", "echo probe failed; exit 1", "--health-interval", "200ms",
                "--health-retries", "2", image, "sleep", "60");
        assertThat(eventually("unhealthy", "inspect", "-f", "{{.State.Health.Status}}", "ill")).isEqualTo("unhealthy");
        assertThat(ok("inspect", "-f", "{{json .State.Health.Log}}", "ill").out()).contains("\"ExitCode\":1")
                .contains("probe failed");
        ok("rm", "-f", "flaky", "well", "ill");
    }

    @Test
    @DisplayName("cp into / of a running container and out of it (/ is a directory, as with Docker)")
    void copyAtTheRootOfARunningContainer() throws Exception {
        ok("run", "-d", "--name", "rootcp", "--hostname", "rootbox", image, "sleep", "300");
        try {
            Path host = engine.dir.resolve("at-root.txt");
            Files.writeString(host, "at the root\n");
            io.jcompose.engine.api.PathStat root = engine.client().statPath("rootcp", "/");
            assertThat(root.name()).isEqualTo("/");
            assertThat(root.mode()).as("os.ModeDir|0755").isEqualTo(io.jcompose.engine.api.PathStat.MODE_DIR | 0755);
            assertThat(root.linkTarget()).isEmpty();
            ok("cp", host.toString(), "rootcp:/");
            ok("cp", host.toString(), "rootcp:/renamed.txt");
            assertThat(ok("exec", "rootcp", "cat", "/at-root.txt", "/renamed.txt").out())
                    .isEqualTo("at the root\nat the root\n");
            String tar = ok("cp", "rootcp:/etc/hostname", "-").out();
            assertThat(tar).contains("hostname").contains("rootbox\n");
            Path back = Files.createDirectories(engine.dir.resolve("from-root"));
            ok("cp", "rootcp:/at-root.txt", back.toString());
            assertThat(back.resolve("at-root.txt")).hasContent("at the root");
        } finally {
            ok("rm", "-f", "rootcp");
        }
    }

    @Test
    @DisplayName("history lists the newest step first, with each layer's size")
    void history() throws Exception {
        Path tar = io.jcompose.testing.images.TestImages.busyboxBuilder().tag("jcompose-test/two:latest")
                .layer().file("/blob", new byte[200_000], 0644).write(engine.dir.resolve("two.tar"));
        ok("load", "-i", tar.toString());
        try {
            assertThat(ok("history", "--format", "{{.CreatedBy}} {{.Size}}", "jcompose-test/two").out().lines().toList())
                    .containsExactly("jcompose-test layer 2 200kB", "jcompose-test layer 1 1.98MB");
            assertThat(ok("history", "-q", "jcompose-test/two").out().lines().toList()).hasSize(2)
                    .element(1).isEqualTo("<missing>");
        } finally {
            ok("rmi", "jcompose-test/two");
        }
    }

    @Test
    @DisplayName("system df and ps -s report what containers wrote; info says there is no swarm")
    void diskUsage() throws Exception {
        ok("run", "-d", "--name", "writer", image, "sh", "-c", "dd if=/dev/zero of=/blob bs=1024 count=512; sleep 60");
        try {
            assertThat(eventually("true", "exec", "writer", "sh", "-c", "test -f /blob && [ $(wc -c < /blob) -eq 524288 ] && echo true"))
                    .isEqualTo("true");
            assertThat(ok("ps", "-s", "--filter", "name=writer", "--format", "{{.Size}}").out().strip())
                    .matches("5[2-9][0-9]kB \\(virtual [0-9.]+MB\\)");
            String df = ok("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}").out();
            assertThat(df).contains("Images 1 1", "Build Cache 0 0").containsPattern("Containers [1-9][0-9]* [1-9]");
            assertThat(ok("system", "df", "-v").out()).contains("writer", "jcompose-test/busybox");
            assertThat(ok("info", "--format", "{{.Swarm.LocalNodeState}} {{.Plugins.Network}}").out().strip())
                    .isEqualTo("inactive [bridge host null]");
        } finally {
            ok("rm", "-f", "writer");
        }
    }

    @Test
    @DisplayName("stats --no-stream of a busy container shows its CPU %, from two samples a second apart")
    void statsCpuPercent() {
        ok("run", "-d", "--name", "busy", image, "sh", "-c", "while :; do :; done");
        try {
            String cpu = ok("stats", "--no-stream", "--format", "{{.CPUPerc}}", "busy").out().strip();
            assertThat(cpu).endsWith("%");
            assertThat(Double.parseDouble(cpu.replace("%", ""))).as(cpu).isGreaterThan(10.0);
        } finally {
            ok("rm", "-f", "busy");
        }
    }

    @Test
    @DisplayName("errors come back with Docker's wording and exit codes")
    void errors() {
        Docker.Result missing = docker.run("inspect", "--type", "container", "nope");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("No such container: nope");
        Docker.Result bad = docker.run("run", "--rm", "--blkio-weight", "300", image, "true");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("unsupported field HostConfig.BlkioWeight");
    }
}
