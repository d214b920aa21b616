package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * launcher/init.c built static, run as a plain process (it makes itself a subreaper there):
 * exit codes, signal forwarding and reaping of orphans. Root only because it is a launcher
 * artefact built with the system's gcc and static libc, like the other launcher tests.
 */
@RequiresRoot
class InitIT {
    @TempDir
    static Path tmp;
    static Path init;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        init = tmp.resolve("jcompose-init");
        CProgram.gcc(List.of("-static", "-o", init.toString(), CProgram.LAUNCHER.resolve("init.c").toString()));
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Process start(String script) throws IOException {
        Process p = new ProcessBuilder(init.toString(), "/bin/sh", "-c", script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static int exitOf(Process p) throws InterruptedException {
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("init exited").isTrue();
        return p.exitValue();
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name).isTrue();
    }

    private static void eventually(String what, BooleanSupplier check) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (check.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not within 5 s: " + what);
    }

    @Test
    void exitsWithTheChildsCodeOr128PlusItsSignal() throws Exception {
        assertThat(exitOf(start("exit 3"))).isEqualTo(3);
        assertThat(exitOf(start("kill -KILL $$"))).isEqualTo(137);
        Process missing = new ProcessBuilder(init.toString(), "/nonexistent/program").redirectErrorStream(true).start();
        started.add(missing);
        assertThat(exitOf(missing)).isEqualTo(127);
        assertThat(new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("cannot execute \"/nonexistent/program\"");
        Process usage = new ProcessBuilder(init.toString()).redirectErrorStream(true).start();
        started.add(usage);
        assertThat(exitOf(usage)).isEqualTo(2);
    }

    @Test
    void forwardsSignalsToTheChild() throws Exception {
        Process p = start("for s in HUP INT QUIT USR1 USR2 WINCH; do trap \"echo got-$s\" $s; done; "
                + "trap 'echo got-TERM; exit 42' TERM; echo ready; while :; do sleep 0.05; done");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        for (String s : List.of("HUP", "INT", "QUIT", "USR1", "USR2", "WINCH")) {
            signal(p, s);
            assertThat(out.readLine()).isEqualTo("got-" + s);
        }
        signal(p, "TERM");
        assertThat(out.readLine()).isEqualTo("got-TERM");
        assertThat(exitOf(p)).isEqualTo(42);
    }

    @Test
    void aChildKilledByAForwardedSignalGives128PlusIt() throws Exception {
        Process p = start("echo ready; exec sleep 30");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        signal(p, "TERM");
        assertThat(exitOf(p)).isEqualTo(143);
    }

    @Test
    void reapsOrphansThatEndUpAsItsChildren() throws Exception {
        // the subshell starts "sleep 1" and exits at once, so the sleep is orphaned onto init
        Process p = start("(sleep 1 &); echo ready; exec sleep 30");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        eventually("the orphan is a child of init", () -> childrenOf(p.pid()).size() == 2);
        eventually("the orphan exited and was reaped", () -> childrenOf(p.pid()).size() == 1);
        assertThat(childrenOf(p.pid())).containsExactly("S");
        signal(p, "TERM");
        assertThat(exitOf(p)).isEqualTo(143);
    }

    @Test
    void asPid1OfAPidNamespaceItReapsAndForwards() throws Exception {
        String script = "(sleep 0.2 &); sleep 0.6; echo pid1=$(cat /proc/1/comm); "
                + "echo zombies=$(grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l); "
                + "trap 'echo got-TERM; exit 9' TERM; echo ready; while :; do sleep 0.05; done";
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", init.toString(), "/bin/sh", "-c", script)
                .redirectErrorStream(true).start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("pid1=jcompose-init");
        assertThat(out.readLine()).as("the orphan was reaped by PID 1").isEqualTo("zombies=0");
        assertThat(out.readLine()).isEqualTo("ready");
        ProcessHandle pid1 = p.toHandle().children().findFirst().orElseThrow();
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(pid1.pid())).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
        assertThat(out.readLine()).isEqualTo("got-TERM");
        assertThat(exitOf(p)).isEqualTo(9);
    }

    /** The states (R, S, Z, ...) of the processes whose parent is {@code pid}. */
    private static List<String> childrenOf(long pid) {
        List<String> states = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(f[1]) == pid) {
                    states.add(f[0]);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return states;
    }
}
