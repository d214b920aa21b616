package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    private static Map<String, String> run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(check.toString()));
        command.addAll(List.of(args));
        CProgram.Run run = CProgram.run(command, Duration.ofSeconds(30));
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

    @Test
    void aCachedProgramIsReusedAndOneOthersCouldWriteIsReplaced() throws Exception {
        Path cache = tmp.resolve("cache");
        Map<String, String> first = run("default", cache.toString());
        assertThat(first).containsEntry("prepare_1", "compiled").containsEntry("prepare_2", "cached");
        Map<String, String> plain = run("default");
        first.remove("prepare_1");
        first.remove("prepare_2");
        assertThat(first).as("the cached program filters the same").isEqualTo(plain);

        assertThat(run("default", cache.toString())).containsEntry("prepare_1", "cached");
        List<Path> files;
        try (var list = Files.list(cache)) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(run("default", cache.toString())).containsEntry("prepare_1", "compiled");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Files.writeString(file, "garbage\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("default", cache.toString())).containsEntry("prepare_1", "compiled")
                .containsEntry("unshare_user", "EPERM");
        assertThat(run("sysadmin", cache.toString())).as("another capability set, another program")
                .containsEntry("prepare_1", "compiled").containsEntry("unshare_uts", "ok");
    }
}
