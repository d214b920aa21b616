package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** launcher/seccomp_default.c, linked into seccomp_check.c, against the real kernel. */
@RequiresRoot
class SeccompDefaultIT {
    @TempDir
    static Path tmp;
    static Path check;

    @BeforeAll
    static void build() throws Exception {
        check = tmp.resolve("seccomp_check");
        CProgram.gcc(List.of("-I" + CProgram.LAUNCHER, "-o", check.toString(),
                CProgram.TESTS.resolve("seccomp_check.c").toString(),
                CProgram.LAUNCHER.resolve("seccomp_default.c").toString(), "-lseccomp"));
    }

    private static Map<String, String> run(String mode) throws Exception {
        CProgram.Run run = CProgram.run(List.of(check.toString(), mode), Duration.ofSeconds(30));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as("the exec'd shell runs in seccomp filter mode").contains("Seccomp:\t2");
        return run.results();
    }

    @Test
    void withDockersDefaultCapabilitiesTheProfileDeniesWhatDockerDenies() throws Exception {
        Map<String, String> r = run("default");
        assertThat(r).containsEntry("getpid", "ok").containsEntry("write", "ok").containsEntry("fork", "ok")
                .containsEntry("unshare_user", "EPERM").containsEntry("unshare_uts", "EPERM")
                .containsEntry("keyctl", "EPERM").containsEntry("mount", "EPERM")
                .containsEntry("clone_newns", "EPERM").containsEntry("clone3", "ENOSYS")
                .containsEntry("syscall_470", "ENOSYS").containsEntry("reboot", "EPERM")
                .containsEntry("socket_inet", "ok").containsEntry("socket_unix", "ok")
                .containsEntry("socket_vsock", "EPERM").containsEntry("socket_alg", "EPERM")
                .containsEntry("personality_query", "ok").containsEntry("personality_bsd", "EPERM")
                .containsEntry("chroot", "ok");
        assertThat(r).as("a shell runs under the filter").containsEntry("shell", "ok").containsEntry("ls", "ok");
        assertThat(r).doesNotContainKey("execve");
        if (!"unavailable".equals(r.get("i386"))) {
            assertThat(r).containsEntry("i386_getpid", "ok").containsEntry("i386_unshare", "EPERM");
        }
    }

    @Test
    void capSysAdminUnlocksTheNamespaceAndMountCalls() throws Exception {
        Map<String, String> r = run("sysadmin");
        assertThat(r).containsEntry("mount", "ENOENT").containsEntry("clone_newns", "ok")
                .containsEntry("unshare_uts", "ok")
                .containsEntry("keyctl", "EPERM").containsEntry("socket_vsock", "EPERM")
                .containsEntry("shell", "ok");
        assertThat(r.get("unshare_user")).as("the filter lets it through (the kernel may still refuse)").isNotEqualTo("EPERM");
    }
}
