package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.cgroup.CgroupDriver;
import io.jcompose.runtime.kernel.LinuxKernel;
import io.jcompose.runtime.kernel.Signal;
import io.jcompose.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 3: lifecycle, exec, logs, copy and re-attach on real containers. */
@RequiresRoot
class ContainerLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    @Test
    void stopKillsAPid1ThatIgnoresTheStopSignalAfterTheGracePeriod() {
        var spec = h.sh("exec sleep 300");
        assertThat(h.start(spec).status()).isEqualTo(ContainerStatus.RUNNING);
        var s = h.runtime.stop(spec.id(), Duration.ofMillis(300));
        assertThat(s.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.finishedAt()).isPresent();
        assertThat(CgroupDriver.detect().procsFiles("jcompose/" + spec.id())).allMatch(p -> !Files.exists(p));
    }

    @Test
    void stopDeliversTheStopSignalToAContainerThatHandlesIt() {
        var spec = h.sh("trap 'echo bye; exit 7' TERM; echo ready; while true; do sleep 0.05; done");
        h.start(spec);
        awaitLog(spec.id(), "ready\n");
        assertThat(h.runtime.stop(spec.id(), WAIT).exitCode()).isEqualTo(7);
        assertThat(h.output(spec.id(), "stdout")).isEqualTo("ready\nbye\n");
    }

    @Test
    void killSendsAnySignal() {
        var spec = h.sh("trap 'exit 5' USR1; echo ready; while true; do sleep 0.05; done");
        h.start(spec);
        awaitLog(spec.id(), "ready\n");
        h.runtime.kill(spec.id(), Signal.parse("SIGUSR1"));
        assertThat(h.runtime.awaitExit(spec.id(), WAIT)).hasValueSatisfying(e -> assertThat(e.exitCode()).isEqualTo(5));
        assertThatThrownBy(() -> h.runtime.kill(spec.id(), Signal.KILL)).hasMessageContaining("is not running");
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        var spec = h.sh("exec sleep 300");
        h.start(spec);
        h.runtime.pause(spec.id());
        assertThat(h.runtime.inspect(spec.id()).status()).isEqualTo(ContainerStatus.PAUSED);
        h.runtime.unpause(spec.id());
        assertThat(h.runtime.inspect(spec.id()).status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void execJoinsTheContainerAsTheGivenUser() throws Exception {
        var spec = h.sh("exec sleep 300").withHostname("box", "");
        h.start(spec);
        var exec = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c",
                "hostname; id -u; id -G; pwd; tr '\\0' ' ' < /proc/1/cmdline; echo; echo err >&2; exit 4"))
                .withUser(1000, 1000, List.of(2000)).withCwd("/tmp"));
        var out = AttachClient.readAll(exec.attachSocket(), new byte[0]);
        assertThat(h.runtime.awaitExec(spec.id(), exec.execId(), WAIT)).hasValue(4);
        assertThat(out.stdout.toString()).isEqualTo("box\n1000\n1000 2000\n/tmp\nsleep 300 \n");
        assertThat(out.stderr.toString()).isEqualTo("err\n");
        assertThat(h.runtime.execState(spec.id(), exec.execId()).running()).isFalse();
    }

    @Test
    void aMissingWorkingDirectoryIsCreatedInsideTheRootfs() {
        var spec = h.sh("pwd; stat -c %U:%a /new/work/dir");
        spec = spec.withProcess(spec.process().withCwd("/new/work/dir"));
        assertThat(h.run(spec).stdout()).isEqualTo("/new/work/dir\nroot:755\n");
        assertThat(h.layer.resolve("new")).doesNotExist();
    }

    @Test
    void execIntoAContainerThatExitedIsAConflict() {
        var spec = h.sh("true");
        h.run(spec);
        assertThatThrownBy(() -> h.runtime.exec(spec.id(), ProcessSpec.of(List.of("true"))))
                .isInstanceOf(ContainerException.class).hasMessageContaining("is not running");
    }

    @Test
    void execWithStdinReadsWhatTheClientSends() throws Exception {
        var spec = h.sh("exec sleep 300");
        h.start(spec);
        var exec = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("cat")).withTty(false, true, true));
        var out = AttachClient.readAll(exec.attachSocket(), "piped in\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out.stdout.toString()).isEqualTo("piped in\n");
        assertThat(h.runtime.awaitExec(spec.id(), exec.execId(), WAIT)).hasValue(0);
    }

    @Test
    void topAndStatsSeeTheContainersProcesses() {
        var spec = h.sh("sleep 300 & exec sleep 301");
        h.start(spec);
        awaitCommands(spec.id(), List.of("sleep 300", "sleep 301"));
        var stats = h.runtime.stats(spec.id());
        assertThat(stats.pids()).isEqualTo(2);
        assertThat(stats.memoryUsageBytes()).isPositive();
    }

    @Test
    void logsFollowUntilTheContainerExitsAndTailCuts() {
        var spec = h.sh("for i in 1 2 3; do echo line$i; sleep 0.05; done; echo oops >&2");
        h.start(spec);
        List<String> seen = new ArrayList<>();
        h.runtime.logs(spec.id()).follow(LogQuery.all(), e -> seen.add(e.stream() + ":" + e.text()));
        assertThat(seen).containsExactly("stdout:line1\n", "stdout:line2\n", "stdout:line3\n", "stderr:oops\n");
        assertThat(h.runtime.logs(spec.id()).read(LogQuery.all().withTail(2))).extracting(LogEntry::text)
                .containsExactly("line3\n", "oops\n");
    }

    @Test
    void theLogRotatesBySizeAndKeepsMaxFiles() {
        var spec = h.sh("for i in $(seq 1 300); do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done; printf '\\377ok\\n'")
                .withLog(new LogOptions(4096, 3));
        h.run(spec);
        var d = h.runtime.dir(spec.id());
        assertThat(d.log().resolveSibling("log.json.2")).exists();
        assertThat(d.log().resolveSibling("log.json.3")).doesNotExist();
        var entries = h.runtime.logs(spec.id()).read(LogQuery.all());
        assertThat(entries.get(entries.size() - 1).text()).isEqualTo("\ufffdok\n");
        assertThat(entries.get(entries.size() - 2).text()).startsWith("line-300-");
        assertThat(entries.get(0).text()).doesNotStartWith("line-1-");
    }

    @Test
    void aNewRuntimeReattachesToRunningContainers() {
        var spec = h.sh("exec sleep 300");
        int pid = h.start(spec).pid();
        var second = ContainerRuntime.open(h.root, h.tmp.resolve("s"), LinuxKernel.configured(), CgroupDriver.detect(),
                Optional.empty());
        var s = second.inspect(spec.id());
        assertThat(s.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(s.pid()).isEqualTo(pid);
        assertThat(second.stop(spec.id(), Duration.ZERO).exitCode()).isEqualTo(137);
    }

    @Test
    void restartRunsItAgainAndOnlyPolicyRestartsCount() {
        var spec = h.sh("echo run");
        h.run(spec);
        h.runtime.restart(spec.id(), WAIT);
        h.runtime.awaitExit(spec.id(), WAIT).orElseThrow();
        assertThat(h.output(spec.id(), "stdout")).isEqualTo("run\nrun\n");
        assertThat(h.runtime.inspect(spec.id()).restartCount()).isZero();
        h.runtime.start(spec.id(), true);
        h.runtime.awaitExit(spec.id(), WAIT).orElseThrow();
        assertThat(h.runtime.inspect(spec.id()).restartCount()).isEqualTo(1);
    }

    @Test
    void halfCreatedContainersAreCleanedOnOpen() throws Exception {
        Path containers = h.root.resolve("containers");
        Files.createDirectories(containers.resolve(".tmp-" + Ids.random()).resolve("upper"));
        Files.createDirectories(containers.resolve(Ids.random()));
        ContainerRuntime.open(h.root, h.tmp.resolve("s"), LinuxKernel.configured(), CgroupDriver.detect(), Optional.empty());
        try (var s = Files.list(containers)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void copyInBeforeStartAndOutAfterExit() throws Exception {
        var spec = h.sh("cat /tmp/in.txt; echo produced > /tmp/out.txt; ln -s /etc/passwd /tmp/link");
        h.runtime.create(spec);
        h.ids.add(spec.id());
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
            byte[] data = "copied in\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("in.txt");
            e.setSize(data.length);
            t.putArchiveEntry(e);
            t.write(data);
            t.closeArchiveEntry();
        }
        h.runtime.copy(spec.id()).copyIn("/tmp", new ByteArrayInputStream(tar.toByteArray()));
        h.runtime.start(spec.id());
        h.runtime.awaitExit(spec.id(), WAIT).orElseThrow();
        assertThat(h.output(spec.id(), "stdout")).isEqualTo("copied in\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.runtime.copy(spec.id()).copyOut("/tmp", out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        assertThat(names).contains("tmp/", "tmp/in.txt", "tmp/out.txt", "tmp/link -> /etc/passwd");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(spec.id());
    }

    @Test
    void copyInToAndOutOfTheRootOfARunningContainer() throws Exception {
        var spec = h.sh("exec sleep 300");
        h.start(spec);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
            for (String name : List.of("top.txt", "tmp/deep.txt")) {
                byte[] data = (name + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(data.length);
                t.putArchiveEntry(e);
                t.write(data);
                t.closeArchiveEntry();
            }
            t.putArchiveEntry(new TarArchiveEntry("newdir/"));
            t.closeArchiveEntry();
        }
        h.runtime.copy(spec.id()).copyIn("/", new ByteArrayInputStream(tar.toByteArray()));
        assertThat(entries(spec.id(), "/top.txt")).containsExactly("top.txt = top.txt\n");
        assertThat(entries(spec.id(), "/tmp/deep.txt")).containsExactly("deep.txt = tmp/deep.txt\n");
        assertThat(entries(spec.id(), "/newdir")).containsExactly("newdir/ (dir)");
        // the root itself is a directory named ".", never the /proc/<pid>/root link
        List<String> root = entries(spec.id(), "/");
        assertThat(root.get(0)).isEqualTo("./ (dir)");
        assertThat(root).contains("./top.txt = top.txt\n", "./newdir/ (dir)", "./tmp/ (dir)");
    }

    private List<String> entries(String id, String path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.runtime.copy(id).copyOut(path, out);
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                assertThat(e.getExtraPaxHeaders()).as("pax records of %s (GNU tar warns about unknown ones)", e.getName())
                        .doesNotContainKey("LIBARCHIVE.creationtime");
                entries.add(e.getName() + (e.isDirectory() ? " (dir)" : e.isSymbolicLink() ? " -> " + e.getLinkName()
                        : " = " + new String(t.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return entries;
    }

    @Test
    void initTrueRunsATinyInitAsPid1() {
        var spec = h.sh("cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$").withInit(true);
        var r = h.run(spec);
        assertThat(r.stdout()).startsWith("/sbin/docker-init -- sh -c").endsWith("\n2\n");
    }

    private void awaitLog(String id, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!h.output(id, "stdout").contains(text)) {
            assertThat(System.nanoTime()).as("log shows " + text).isLessThan(deadline);
            ContainerRuntime.sleep(Duration.ofMillis(10));
        }
    }

    /** Until top shows these commands: the shell's child shows the shell's command line until it execs. */
    private void awaitCommands(String id, List<String> commands) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!h.runtime.top(id).stream().map(ProcessRow::command).toList().containsAll(commands)) {
            assertThat(System.nanoTime()).as("processes " + commands).isLessThan(deadline);
            ContainerRuntime.sleep(Duration.ofMillis(10));
        }
    }
}
