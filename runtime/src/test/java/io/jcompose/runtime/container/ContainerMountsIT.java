package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 10: bind and tmpfs mounts as the launcher sets them up. */
@RequiresRoot
class ContainerMountsIT {
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();
    Path host;

    @BeforeEach
    void setUp() throws Exception {
        host = Files.createDirectories(h.tmp.resolve("host-dir"));
        Files.writeString(host.resolve("from-host"), "hello from the host\n");
    }

    @Test
    void readWriteBindWorksBothWays() throws Exception {
        var spec = h.sh("cat /data/from-host; echo written inside > /data/from-container")
                .withMounts(List.of(BindMount.of(host, "/data", false)));
        var r = h.run(spec);
        assertThat(r.stdout()).isEqualTo("hello from the host\n");
        assertThat(host.resolve("from-container")).hasContent("written inside");
    }

    @Test
    void readOnlyBindRefusesWritesWithErofsAndTheHostIsUnchanged() throws Exception {
        Files.createDirectories(host.resolve("sub"));
        var spec = h.sh("echo x > /data/from-host; echo x > /data/new; grep ' /data ' /proc/mounts | cut -d' ' -f4 | cut -c1-2")
                .withMounts(List.of(BindMount.of(host, "/data", true)));
        var r = h.run(spec);
        assertThat(r.stderr()).contains("Read-only file system");
        assertThat(r.stdout()).isEqualTo("ro\n");
        assertThat(host.resolve("from-host")).hasContent("hello from the host");
        assertThat(host.resolve("new")).doesNotExist();
    }

    @Test
    void readOnlyRbindMakesSubmountsReadOnlyToo() throws Exception {
        Path outer = Files.createDirectories(h.tmp.resolve("outer"));
        Path inner = Files.createDirectories(outer.resolve("inner"));
        hostMount("-t", "tmpfs", "tmpfs", inner.toString());
        try {
            var spec = h.sh("touch /data/inner/f; touch /data/f; grep ' /data/inner ' /proc/mounts | cut -d' ' -f4 | cut -c1-2")
                    .withMounts(List.of(BindMount.of(outer, "/data", true)));
            var r = h.run(spec);
            assertThat(r.stderr()).isEqualTo("touch: /data/inner/f: Read-only file system\n"
                    + "touch: /data/f: Read-only file system\n");
            assertThat(r.stdout()).isEqualTo("ro\n");
        } finally {
            hostMount("-l", inner.toString());
        }
        assertThat(outer.resolve("f")).doesNotExist();
    }

    private static void hostMount(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(args[0].equals("-l") ? "umount" : "mount"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    @Test
    void singleFileBindCreatesTheMissingTargetAsAFile() throws Exception {
        Path conf = Files.writeString(h.tmp.resolve("app.conf"), "key=value\n");
        var spec = h.sh("cat /etc/app/app.conf; stat -c %F /etc/app/app.conf")
                .withMounts(List.of(BindMount.of(conf, "/etc/app/app.conf", true)));
        assertThat(h.run(spec).stdout()).isEqualTo("key=value\nregular file\n");
    }

    @Test
    void tmpfsHasItsSizeLimitAndShowsItInProcMounts() {
        var spec = h.sh("dd if=/dev/zero of=/scratch/big bs=1M count=5 2>&1 | grep -o 'No space left on device';"
                        + " grep ' /scratch ' /proc/mounts")
                .withMounts(List.of(TmpfsMount.of("/scratch").withSize(4L << 20)));
        var r = h.run(spec);
        assertThat(r.stdout()).startsWith("No space left on device\ntmpfs /scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=4096k");
    }

    @Test
    void readOnlyRootfsKeepsTmpfsAndBindsWritable() throws Exception {
        var spec = h.sh("touch /rootfile 2>&1; touch /scratch/ok && echo tmpfs-ok; touch /data/ok && echo bind-ok")
                .withMounts(List.of(TmpfsMount.of("/scratch"), BindMount.of(host, "/data", false)))
                .withReadOnlyRootfs(true);
        var r = h.run(spec);
        assertThat(r.stdout()).contains("Read-only file system", "tmpfs-ok", "bind-ok");
        assertThat(host.resolve("ok")).exists();
    }

    @Test
    void aSymlinkedTargetToEtcLandsInsideTheRootfs() throws Exception {
        Path evil = Files.createDirectories(h.tmp.resolve("evil-layer"));
        Files.createSymbolicLink(evil.resolve("data"), Path.of("/etc"));
        long hostEtcFiles;
        try (var s = Files.list(Path.of("/etc"))) {
            hostEtcFiles = s.count();
        }
        var spec = h.sh("cat /etc/from-host; ls /etc | wc -l").withMounts(List.of(BindMount.of(host, "/data", false)));
        spec = ContainerSpec.of(spec.id(), spec.name(), List.of(h.layer, evil), spec.process()).withMounts(spec.mounts());
        var r = h.run(spec);
        assertThat(r.stdout()).isEqualTo("hello from the host\n1\n");
        try (var s = Files.list(Path.of("/etc"))) {
            assertThat(s.count()).isEqualTo(hostEtcFiles);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(host.toString());
    }

    @Test
    void aRelativeSymlinkClimbingOutCannotCreateOrMountOnTheHost() throws Exception {
        Path victim = Files.createDirectories(h.tmp.resolve("victim"));
        Path evil = Files.createDirectories(h.tmp.resolve("evil-layer"));
        Files.createSymbolicLink(evil.resolve("x"), Path.of("../../../../../../../../" + victim));
        var spec = h.sh("ls " + victim + "/sub").withMounts(List.of(BindMount.of(host, "/x/sub", false)));
        spec = ContainerSpec.of(spec.id(), spec.name(), List.of(h.layer, evil), spec.process()).withMounts(spec.mounts());
        var r = h.run(spec);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("from-host\n");
        assertThat(victim.resolve("sub")).doesNotExist();
        try (var s = Files.list(victim)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aMissingBindSourceFailsTheStartWithTheLaunchersReason() {
        var spec = h.sh("true").withMounts(List.of(BindMount.of(h.tmp.resolve("missing"), "/data", false)));
        h.runtime.create(spec);
        h.ids.add(spec.id());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.runtime.start(spec.id()))
                .hasMessageEndingWith("mount " + h.tmp.resolve("missing") + ": bind source: No such file or directory (ENOENT)");
        var s = h.runtime.inspect(spec.id());
        assertThat(s.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(s.error()).contains("bind source");
        assertThat(io.jcompose.runtime.cgroup.CgroupDriver.detect().procsFiles("jcompose/" + spec.id()))
                .allMatch(p -> !Files.exists(p));
    }

    @Test
    void afterRemoveNoMountOfTheContainerIsLeftOnTheHost() throws Exception {
        var spec = h.sh("sleep 30").withMounts(List.of(BindMount.of(host, "/data", false), TmpfsMount.of("/scratch")));
        h.start(spec);
        h.runtime.remove(spec.id(), true);
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mountinfo).doesNotContain(spec.id()).doesNotContain(host.toString());
        assertThat(h.runtime.dir(spec.id()).dir()).doesNotExist();
    }
}
