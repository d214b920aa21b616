package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.runtime.image.internal.LinuxNativeFs;
import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only root can unpack: whiteouts, opaque directories, device nodes, owners; checked through a real overlay mount. */
@RequiresRoot
class PrivilegedLayerIT {

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    @TempDir
    Path tmp;

    private final LinuxNativeFs fs = new LinuxNativeFs();

    @Test
    void whiteoutsAndOpaqueDirectoriesBecomeOverlayfsForm() throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(TestImages.builder().tag("wh")
                .dir("/etc").file("/etc/old", "old").file("/etc/kept", "kept")
                .dir("/d").file("/d/x", "x")
                .layer().whiteout("/etc/old").opaque("/d").file("/d/y", "y")
                .write(tmp.resolve("wh.tar"))).get(0);
        List<Path> dirs = store.layerDirs(image);
        Path top = dirs.get(1);

        int mode = (Integer) Files.getAttribute(top.resolve("etc/old"), "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertThat(mode & S_IFMT).isEqualTo(S_IFCHR);
        assertThat(fs.deviceNumbers(top.resolve("etc/old"))).containsExactly(0, 0);
        assertThat(fs.getXattr(top.resolve("d"), "trusted.overlay.opaque")).hasValueSatisfying(v ->
                assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("y"));
        assertThat(top.resolve(".wh.old")).doesNotExist();
        assertThat(top.resolve("etc/.wh.old")).doesNotExist();

        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        String lower = top + ":" + dirs.get(0);
        run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower, mnt.toString());
        try {
            assertThat(mnt.resolve("etc/old")).doesNotExist();
            assertThat(mnt.resolve("etc/kept")).hasContent("kept");
            assertThat(mnt.resolve("d/x")).doesNotExist();
            assertThat(mnt.resolve("d/y")).hasContent("y");
        } finally {
            run("umount", mnt.toString());
        }
    }

    @Test
    void devicesOwnersSetuidAndXattrsArePreserved() throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(TestImages.builder().tag("dev")
                .dir("/dev").charDevice("/dev/null", 1, 3)
                .owner(1000, 1001).file("/owned", "o").dir("/owned-dir", 0750).symlink("/owned-link", "owned")
                .owner(0, 0).file("/su", "#!".getBytes(), 04755)
                .owner(1000, 1000).file("/app-suid", "#!".getBytes(), 06755)
                .owner(0, 0).file("/tagged", "t").xattr("user.origin", "jcompose")
                .write(tmp.resolve("dev.tar"))).get(0);
        Path root = store.layerDirs(image).get(0);

        assertThat(fs.deviceNumbers(root.resolve("dev/null"))).containsExactly(1, 3);
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:gid")).isEqualTo(1001);
        assertThat(Files.getAttribute(root.resolve("owned-dir"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("owned-link"), "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
        assertThat((Integer) Files.getAttribute(root.resolve("su"), "unix:mode") & 07777).isEqualTo(04755);
        assertThat((Integer) Files.getAttribute(root.resolve("app-suid"), "unix:mode") & 07777).isEqualTo(06755);
        assertThat(fs.getXattr(root.resolve("tagged"), "user.origin")).hasValueSatisfying(v ->
                assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("jcompose"));
        assertThat((Integer) Files.getAttribute(store.root().resolve("snapshots"), "unix:mode") & 0777).isEqualTo(0700);
    }

    @Test
    void whiteoutsNeverLandOutsideTheSnapshot() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "original");
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(TestImages.builder().tag("wh-escape")
                .symlink("/a", outside.toString()).whiteout("/a/victim").opaque("/a")
                .write(tmp.resolve("esc.tar"))).get(0);
        Path inside = store.layerDirs(image).get(0).resolve(outside.toString().substring(1));
        assertThat(fs.deviceNumbers(inside.resolve("victim"))).containsExactly(0, 0);
        assertThat(outside.resolve("victim")).hasContent("original");
        assertThat(fs.getXattr(outside, "trusted.overlay.opaque")).isEmpty();

        for (String bad : List.of("etc/.wh..", "etc/.wh...", "../.wh.x")) {
            Path archive = TestImages.builder().tag("wh-bad").dir("/etc")
                    .entry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry(bad, true), new byte[0])
                    .write(tmp.resolve("bad.tar"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load(archive))
                    .as(bad).isInstanceOf(ImageException.class);
        }
        assertThat(store.find("wh-bad")).isEmpty();
    }

    @Test
    void forgedOverlayXattrsInALayerAreIgnored() throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(TestImages.builder().tag("forged")
                .dir("/d").xattr("trusted.overlay.redirect", "/etc")
                .write(tmp.resolve("forged.tar"))).get(0);
        assertThat(fs.getXattr(store.layerDirs(image).get(0).resolve("d"), "trusted.overlay.redirect")).isEmpty();
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }
}
