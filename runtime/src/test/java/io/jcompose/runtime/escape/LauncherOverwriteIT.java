package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.kernel.LauncherPath;
import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runc CVE-2019-5736 class: a container process opens the launcher through
 * {@code /proc/<pid>/exe} (its own, PID 1's, an exec's while it enters) and tries to write
 * it. The launcher runs from a sealed memfd, so no write reaches the host's binary.
 */
@RequiresRoot
class LauncherOverwriteIT {
    @TempDir
    Path tmp;
    EscapeHarness h;
    String launcherBefore;

    @BeforeEach
    void setUp() throws IOException {
        h = new EscapeHarness(tmp);
        launcherBefore = sha256(LauncherPath.configured());
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        assertThat(sha256(LauncherPath.configured())).as("the host's launcher binary").isEqualTo(launcherBefore);
    }

    @Test
    void ownAndPid1ExecutablesAreNotWritable() {
        var r = h.run(h.sh(h.image(), "escape-probe write self /proc/self/exe one /proc/1/exe parent /proc/$PPID/exe"));
        assertThat(r.stdout()).contains("self_open=ETXTBSY", "one_open=ETXTBSY").doesNotContain("_open=ok");
    }

    @Test
    void anEntrypointThatIsProcSelfExeCannotReachAWritableLauncher() throws Exception {
        // /bin/evil -> /proc/self/exe: at execve time that is the launcher's sealed memfd copy
        var layers = h.image(b -> b.symlink("/bin/evil", "/proc/self/exe"));
        var spec = h.spec(layers, List.of("/bin/evil"));
        var s = spec.withProcess(spec.process().withTty(false, true, false));
        Throwable t = catchThrowable(() -> h.start(s));
        if (t != null) {
            // this kernel refuses to execute the memfd through the magic link: nothing ran at all
            assertThat(t).isInstanceOf(ContainerException.class).hasMessageContaining("exec /bin/evil");
            return;
        }
        assertThat(h.exec(s.id(), "readlink /proc/1/exe > /tmp/exe; escape-probe write pid1 /proc/1/exe > /tmp/w 2>&1")).isZero();
        assertThat(h.awaitUpperFile(s.id(), "/tmp/exe")).startsWith("/memfd:jcompose-launcher");
        assertThat(h.upperFile(s.id(), "/tmp/w")).doesNotContain("pid1_write=ok").containsPattern("pid1_(open|write)=E");
    }

    @Test
    void anExecOfAShebangToProcSelfExeCannotReachAWritableLauncher() throws Exception {
        // the original attack: a binary whose interpreter is /proc/self/exe makes an entering exec re-run itself
        var layers = h.image(b -> b.file("/bin/shebang", "#!/proc/self/exe\n".getBytes(), 0755));
        var spec = h.sh(layers, "sleep 300");
        h.start(spec);
        Throwable t = catchThrowable(() -> h.runtime.exec(spec.id(),
                ProcessSpec.of(List.of("/bin/shebang")).withTty(false, true, false)));
        if (t != null) {
            assertThat(t).isInstanceOf(ContainerException.class).hasMessageContaining("exec /bin/shebang");
            return;
        }
        assertThat(h.exec(spec.id(), "for p in /proc/[0-9]*; do readlink $p/exe; done | grep memfd > /tmp/exe;"
                + " for p in /proc/[0-9]*; do readlink $p/exe | grep -q memfd && escape-probe write x $p/exe; done > /tmp/w 2>&1"))
                .isZero();
        assertThat(h.awaitUpperFile(spec.id(), "/tmp/exe")).startsWith("/memfd:jcompose-launcher");
        assertThat(h.upperFile(spec.id(), "/tmp/w")).doesNotContain("x_write=ok").containsPattern("x_(open|write)=E");
    }

    @Test
    void theInitBinaryBoundIntoTheContainerIsNotWritable() throws Exception {
        Path init = LauncherPath.init();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(init), "jcompose-init is built");
        String before = sha256(init);
        // busy while it runs as PID 1, and a read-only bind the container cannot remount
        var spec = h.sh(h.image(), "escape-probe write init /sbin/docker-init;"
                + " grep ' /sbin/docker-init ' /proc/mounts | cut -d' ' -f4 | cut -c1-3;"
                + " mount -o remount,rw /sbin/docker-init 2>&1; echo done").withInit(true);
        var r = h.run(spec);
        assertThat(r.stdout()).doesNotContain("init_open=ok")
                .contains("init_open=ETXTBSY\nro,\nmount: permission denied (are you root?)\ndone\n");
        assertThat(sha256(init)).isEqualTo(before);
    }

    @Test
    void aProcessRacingEnteringExecsNeverWritesTheirExecutable() throws Exception {
        var spec = h.sh(h.image(), "escape-probe race 4000 > /tmp/race; sleep 300");
        h.start(spec);
        // each exec's program lives on for a second, so a probe that reached it after execve can tell
        List<String> execs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            execs.add(h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sleep", "1"))).execId());
        }
        for (String e : execs) {
            assertThat(h.awaitExec(spec.id(), e)).isZero();
        }
        String race = h.awaitUpperFile(spec.id(), "/tmp/race");
        long deadline = System.nanoTime() + EscapeHarness.WAIT.toNanos();
        while (!race.contains("race_done") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            race = h.upperFile(spec.id(), "/tmp/race");
        }
        // no write to an entering launcher's executable, no ptrace of it, no open of its memory
        // (here the probe meets entering launchers hundreds of times a run: all EACCES, they are non-dumpable)
        assertThat(race).contains("race_done").doesNotContain("write=ok", "seize=ok", "mem=ok");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
