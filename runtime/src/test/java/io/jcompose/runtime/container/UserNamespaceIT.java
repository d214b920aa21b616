package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The user namespace option: container root is host id 100000, not host root. */
@RequiresRoot
class UserNamespaceIT {
    private static final Optional<UserNamespace> REMAP = Optional.of(UserNamespace.remap(100_000, 65_536));

    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    private static String squeezed(String text) {
        return text.strip().replaceAll("(?m)^[ \\t]+", "").replaceAll("[ \\t]+", " ");
    }

    @Test
    void containerRootIsAMappedHostIdThatOwnsTheImageFiles() throws Exception {
        Path vol = Files.createDirectories(h.tmp.resolve("vol"));
        // as for a volume of a remapped container: its directory belongs to container root
        Files.setAttribute(vol, "unix:uid", 100_000);
        Files.setAttribute(vol, "unix:gid", 100_000);
        var spec = h.sh("cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g; stat -c %u:%g /bin/busybox /dev /dev/shm;"
                + " echo x > /etc/written && stat -c %u /etc/written; touch /vol/made-inside; echo done")
                .withMounts(List.of(BindMount.of(vol, "/vol", false))).withUserNamespace(REMAP);
        var r = h.run(spec);
        assertThat(r.stderr()).isEmpty();
        assertThat(squeezed(r.stdout())).isEqualTo("0 100000 65536\n0 100000 65536\n0\n0\n0:0\n0:0\n0:0\n0\ndone");
        // the bind mount is not idmapped: on the host the file belongs to the mapped id
        assertThat(Files.getAttribute(vol.resolve("made-inside"), "unix:uid")).isEqualTo(100_000);
        assertThat(Files.getAttribute(vol.resolve("made-inside"), "unix:gid")).isEqualTo(100_000);
        // the image store and the upper dir stay unshifted on disk (owned by host root)
        Path written = h.runtime.upperDir(spec.id()).resolve("etc/written");
        assertThat(Files.getAttribute(written, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(h.layer.resolve("bin/busybox"), "unix:uid")).isEqualTo(0);
    }

    @Test
    void containerRootCannotReadAHostRootOnlyFile() throws Exception {
        Path secret = h.tmp.resolve("secret");
        Files.writeString(secret, "host root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        var mounts = List.<ContainerMount>of(BindMount.of(secret, "/secret", false));
        String script = "cat /secret 2>&1; touch /secret 2>&1; stat -c %u:%g /secret";
        var plain = h.run(h.sh(script).withMounts(mounts));
        assertThat(plain.stdout()).startsWith("host root only\n");
        var mapped = h.run(h.sh(script).withMounts(mounts).withUserNamespace(REMAP));
        assertThat(mapped.stdout()).isEqualTo("cat: can't open '/secret': Permission denied\n"
                + "touch: /secret: Permission denied\n65534:65534\n");
    }

    @Test
    void capSysAdminCountsOnlyInsideTheUserNamespace() {
        String script = "mkdir -p /mnt/t; mount -t tmpfs tmpfs /mnt/t 2>&1 && echo mounted; id -u -n";
        var plain = h.sh(script).withSecurity(List.of("SYS_ADMIN"), List.of(), false, true);
        assertThat(h.run(plain).stdout()).isEqualTo("mounted\nroot\n");
        // the mount namespace belongs to the host's user namespace, where container root is nobody
        var mapped = h.run(h.sh(script).withSecurity(List.of("SYS_ADMIN"), List.of(), false, true).withUserNamespace(REMAP));
        assertThat(mapped.stdout()).isEqualTo("mount: permission denied (are you root?)\nroot\n");
    }

    @Test
    void aNonRootUserIsMappedToo() throws Exception {
        var spec = h.sh("id -u; touch /tmp/f && stat -c %u /tmp/f");
        spec = spec.withProcess(spec.process().withUser(1000, 1000, List.of())).withUserNamespace(REMAP);
        assertThat(h.run(spec).stdout()).isEqualTo("1000\n1000\n");
        // unshifted on disk: container uid 1000 is stored as 1000
        assertThat(Files.getAttribute(h.runtime.upperDir(spec.id()).resolve("tmp/f"), "unix:uid")).isEqualTo(1000);
    }

    @Test
    void aTtyBelongsToContainerRootAndGroupTty() {
        var spec = h.sh("stat -c %u:%g $(tty)").withUserNamespace(REMAP);
        spec = spec.withProcess(spec.process().withTty(true, false, false));
        assertThat(h.run(spec).stdout()).isEqualTo("0:5\r\n");
    }

    @Test
    void initAndAReadOnlyRootfsWorkInAUserNamespace() {
        var spec = h.sh("tr '\\0' ' ' < /proc/1/cmdline; echo; touch /x 2>&1; echo x > /tmp/y 2>&1 && echo tmp-writable")
                .withInit(true).withReadOnlyRootfs(true)
                .withMounts(List.of(TmpfsMount.of("/tmp"))).withUserNamespace(REMAP);
        assertThat(h.run(spec).stdout()).startsWith("/sbin/docker-init ")
                .contains("touch: /x: Read-only file system\n").endsWith("tmp-writable\n");
    }

    @Test
    void anExecJoinsTheUserNamespace() throws Exception {
        var spec = h.sh("exec sleep 300").withUserNamespace(REMAP);
        h.start(spec);
        var exec = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c", "cat /proc/self/uid_map; id -u")));
        var out = AttachClient.readAll(exec.attachSocket(), new byte[0]);
        assertThat(h.runtime.awaitExec(spec.id(), exec.execId(), Duration.ofSeconds(30))).hasValue(0);
        assertThat(squeezed(out.stdout.toString())).isEqualTo("0 100000 65536\n0");
    }
}
