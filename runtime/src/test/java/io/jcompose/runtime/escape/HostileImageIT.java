package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.ImageUsers;
import io.jcompose.runtime.container.TmpfsMount;
import io.jcompose.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images that plant symlinks where a mount, the working directory or the user database will
 * be looked up, pointing at the host. Everything must resolve inside the container's rootfs,
 * and the host's files and mount table stay as they were.
 */
@RequiresRoot
class HostileImageIT {
    /** Enough ".." to climb out of any rootfs path. */
    private static final String UP = "../../../../../../../../../../../..";
    @TempDir
    Path tmp;
    EscapeHarness h;
    Path hostDir;
    List<String> hostMountsBefore;
    List<String> hostEtcBefore;

    @BeforeEach
    void setUp() throws IOException {
        h = new EscapeHarness(tmp);
        hostDir = Files.createDirectories(tmp.resolve("hostdir"));
        Files.writeString(hostDir.resolve("keep"), "host");
        hostMountsBefore = mountPointsUnder(List.of(tmp.toString(), "/etc"));
        hostEtcBefore = list(Path.of("/etc"));
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        assertThat(list(hostDir)).as("the host directory the image aimed at").containsExactly("keep");
        assertThat(list(Path.of("/etc"))).as("the host's /etc").isEqualTo(hostEtcBefore);
        // only where the image aimed: other tests' containers may come and go meanwhile
        assertThat(mountPointsUnder(List.of(tmp.toString(), "/etc"))).as("the host's mounts under the test dir and /etc")
                .isEqualTo(hostMountsBefore);
    }

    @Test
    void aBindOntoASymlinkToEtcLandsOnTheContainersEtc() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("from-host"), "bound");
        var layers = h.image(b -> b.symlink("/data", "/etc"));
        var spec = h.sh(layers, "cat /etc/from-host; echo; echo made > /data/new-file; ls /etc")
                .withMounts(List.of(BindMount.of(src, "/data", false)));
        var r = h.run(spec);
        assertThat(r.stdout()).isEqualTo("bound\nfrom-host\nnew-file\n");
        assertThat(src.resolve("new-file")).hasContent("made");
        assertThat(Path.of("/etc/new-file")).doesNotExist();
        assertThat(Path.of("/etc/from-host")).doesNotExist();
    }

    @Test
    void aSymlinkPlantedInASharedDirectoryCannotRedirectALaterMount() throws IOException {
        // another container sharing the directory left x -> (the host dir); the next one mounts through it
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.createSymbolicLink(shared.resolve("x"), Path.of(UP + hostDir));
        Files.createSymbolicLink(shared.resolve("y"), hostDir);
        var spec = h.sh(h.image(), "touch /shared/x/planted /shared/y/planted; ls " + hostDir)
                .withMounts(List.of(BindMount.of(shared, "/shared", false), TmpfsMount.of("/shared/x"),
                        TmpfsMount.of("/shared/y")));
        var r = h.run(spec);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).isEqualTo("planted\n");
    }

    @Test
    void aTmpfsOntoASymlinkToEtcLandsOnTheContainersEtc() {
        var layers = h.image(b -> b.symlink("/data", "/etc"));
        var spec = h.sh(layers, "touch /data/planted; ls /etc; grep -c ' /etc ' /proc/mounts")
                .withMounts(List.of(TmpfsMount.of("/data")));
        assertThat(h.run(spec).stdout()).isEqualTo("planted\n1\n");
        assertThat(Path.of("/etc/planted")).doesNotExist();
    }

    @Test
    void aRelativeSymlinkClimbingOutCannotReachTheHostForABind() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        var layers = h.image(b -> b.symlink("/x", UP + hostDir));
        var spec = h.sh(layers, "touch /x/planted; ls " + hostDir + "; grep -c ' " + hostDir + " ' /proc/mounts")
                .withMounts(List.of(BindMount.of(src, "/x", false)));
        assertThat(h.run(spec).stdout()).isEqualTo("planted\n1\n");
        assertThat(src.resolve("planted")).exists();
    }

    @Test
    void aRelativeSymlinkClimbingOutCannotReachTheHostForATmpfs() {
        var layers = h.image(b -> b.symlink("/x", UP + hostDir));
        var spec = h.sh(layers, "touch /x/planted; ls /x").withMounts(List.of(TmpfsMount.of("/x")));
        assertThat(h.run(spec).stdout()).isEqualTo("planted\n");
    }

    @Test
    void aSymlinkInsideTheTargetPathIsFollowedInsideTheRootfs() {
        // /a -> /../../host/dir; a mount at /a/b/c creates the missing part inside the rootfs
        var layers = h.image(b -> b.symlink("/a", UP + hostDir));
        var spec = h.sh(layers, "touch /a/b/c/planted; ls " + hostDir + "/b/c").withMounts(List.of(TmpfsMount.of("/a/b/c")));
        assertThat(h.run(spec).stdout()).isEqualTo("planted\n");
        assertThat(hostDir.resolve("b")).doesNotExist();
    }

    @Test
    void aWorkingDirectoryThatIsASymlinkOutStaysInside() {
        // the image has the host directory's path too, so the symlink resolves (inside)
        var layers = h.image(b -> {
            List<String> dirs = new java.util.ArrayList<>();
            for (Path p = hostDir; p.getParent() != null; p = p.getParent()) {
                dirs.add(0, p.toString());
            }
            dirs.forEach(b::dir);
            return b.symlink("/w", UP + hostDir);
        });
        var spec = h.sh(layers, "pwd; touch ./planted; ls");
        spec = spec.withProcess(spec.process().withCwd("/w"));
        var r = h.run(spec);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).doesNotContain("keep").contains("planted");
    }

    @Test
    void mountTargetsThroughProcMagicLinksAreRefused() {
        // while mounts are made, /proc/1/root and /proc/self/root of the launcher are the host's /
        var layers = h.image();
        for (String target : List.of("/proc/1/root" + hostDir, "/proc/self/root" + hostDir, "/proc/self/cwd/x")) {
            var spec = h.sh(layers, "true").withMounts(List.of(TmpfsMount.of(target)));
            assertThatThrownBy(() -> h.run(spec)).as(target).hasMessageContaining("mount");
        }
    }

    @Test
    void anImageWhoseProcIsASymlinkStillGetsTheMasks() {
        // procfs lands where the link points, inside the rootfs, and the masks follow it there
        var layers = h.image(b -> b.whiteout("/proc").symlink("/proc", "/etc"));
        var r = h.run(h.sh(layers, "wc -c < /proc/keys; wc -c < /proc/timer_list; (echo 1 > /proc/sys/vm/drop_caches) 2>&1;"
                + " ls /proc | grep -c '^[0-9]'"));
        assertThat(r.stdout()).startsWith("0\n0\n").contains("Read-only file system");
    }

    @Test
    void removingAContainerDoesNotFollowTheSymlinksItPlanted() {
        // the upper dir is deleted from the host: its links must be removed, never their targets
        var spec = h.sh(h.image(), "ln -s " + hostDir + " /abs; ln -s " + UP + hostDir + " /rel; ln -s /etc /etc-link;"
                + " mkdir -p /deep/er; ln -s " + hostDir + "/keep /deep/er/file; ln -s / /deep/root");
        assertThat(h.run(spec).exitCode()).isZero();
        Path containerDir = h.runtime.dir(spec.id()).dir();
        assertThat(containerDir.resolve("upper/abs")).isSymbolicLink();
        h.runtime.remove(spec.id(), true);
        assertThat(containerDir).doesNotExist();
    }

    @Test
    void aUserDatabaseSymlinkedToTheHostsIsNotRead() {
        // the host has "daemon" (uid 1) in /etc/passwd; the image's /etc/passwd points at it
        var layers = h.image(b -> b.symlink("/etc/passwd", UP + "/etc/passwd").symlink("/etc/group", UP + "/etc/group"));
        assertThatThrownBy(() -> ImageUsers.of(layers).resolve("daemon", List.of()))
                .hasMessage("unable to find user daemon: no matching entries in passwd file");
        assertThatThrownBy(() -> ImageUsers.of(layers).resolve("0:daemon", List.of()))
                .hasMessage("unable to find group daemon: no matching entries in group file");
    }

    @Test
    void oddPasswdEntriesNeverResolveToRoot() {
        var layers = h.image(b -> b.file("/etc/passwd", """
                huge:x:4294967295:4294967295::/:/bin/sh
                neg:x:-1:-1::/:/bin/sh
                short:x:77
                many:x:1234:1234:a:/home/many:/bin/sh:extra:fields
                empty::::::
                :x:0:0::/:/bin/sh
                """));
        ImageUsers users = ImageUsers.of(layers);
        for (String user : List.of("huge", "neg", "short", "empty", "4294967295", "-1", "huge:0")) {
            assertThatThrownBy(() -> users.resolve(user, List.of())).as(user).isInstanceOf(IllegalArgumentException.class);
        }
        var many = users.resolve("many", List.of());
        assertThat(many.uid()).isEqualTo(1234);
        var spec = h.sh(layers, "exec escape-probe ids");
        spec = spec.withProcess(spec.process().withUser(many.uid(), many.gid(), many.groups()));
        assertThat(h.run(spec).stdout()).isEqualTo("uid=1234 euid=1234 gid=1234 egid=1234\n");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> mountPointsUnder(List<String> prefixes) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> prefixes.stream().anyMatch(m::startsWith)).sorted().toList();
    }
}
