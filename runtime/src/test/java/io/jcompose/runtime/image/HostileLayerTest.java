package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.testing.images.ArchiveFormat;
import io.jcompose.testing.images.TestImageBuilder;
import io.jcompose.testing.images.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer extraction against hostile archives: nothing may be written outside the store. */
class HostileLayerTest {

    @TempDir
    Path tmp;

    private Path outside;
    private String outsideAbs;
    private ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "original");
        outsideAbs = outside.toAbsolutePath().toString();
        store = ImageStore.open(tmp.resolve("store"));
    }

    @AfterEach
    void nothingEscaped() throws IOException {
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("victim"));
        }
        assertThat(outside.resolve("victim")).hasContent("original");
        assertThat((Integer) Files.getAttribute(outside.resolve("victim"), "unix:nlink")).isEqualTo(1);
        assertThat((Integer) Files.getAttribute(outside.resolve("victim"), "unix:mode") & 07777).isEqualTo(0644);
        assertThat((Integer) Files.getAttribute(outside, "unix:mode") & 07777).isEqualTo(0755);
        try (Stream<Path> left = Files.list(store.root().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    private static TestImageBuilder image() {
        return TestImages.builder().tag("hostile").dir("/etc").file("/etc/base", "base");
    }

    private static TarArchiveEntry raw(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(type == TarConstants.LF_DIR ? 0755 : 0644);
        return e;
    }

    private Path top(Image image) {
        List<Path> dirs = store.layerDirs(image);
        return dirs.get(dirs.size() - 1);
    }

    private Image load(TestImageBuilder b) {
        return store.load(b.write(tmp.resolve("image.tar"))).get(0);
    }

    private void assertRejected(TestImageBuilder b, Reason reason, String message) throws IOException {
        Path archive = b.write(tmp.resolve("image.tar"));
        assertThatThrownBy(() -> store.load(archive)).isInstanceOf(ImageException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ImageException) e).reason()).isEqualTo(reason));
        assertNothingStored();
    }

    private void assertNothingStored() throws IOException {
        assertThat(store.list()).isEmpty();
        try (Stream<Path> snapshots = Files.list(store.root().resolve("snapshots"))) {
            assertThat(snapshots).isEmpty();
        }
    }

    @Test
    void dotDotEntriesAreRejected() throws IOException {
        assertRejected(image().entry(raw("../outside/evil", TarConstants.LF_NORMAL), "x".getBytes()),
                Reason.INVALID, "escapes the layer root");
        assertRejected(image().entry(raw("etc/../../evil", TarConstants.LF_NORMAL), "x".getBytes()),
                Reason.INVALID, "escapes the layer root");
    }

    @Test
    void inwardDotDotIsCleaned() throws IOException {
        Image image = load(image().entry(raw("etc/../etc/./ok", TarConstants.LF_NORMAL), "ok".getBytes()));
        assertThat(top(image).resolve("etc/ok")).hasContent("ok");
    }

    @Test
    void absoluteEntryNamesAreRelativeToTheRootfs() throws IOException {
        Image image = load(image().entry(raw(outsideAbs + "/evil", TarConstants.LF_NORMAL), "x".getBytes()));
        assertThat(top(image).resolve(outsideAbs.substring(1)).resolve("evil")).hasContent("x");
    }

    @Test
    void absoluteSymlinkToTheHostIsFollowedInsideTheRootfs() throws IOException {
        Image image = load(image().symlink("/esc", outsideAbs).file("/esc/evil", "x"));
        Path root = top(image);
        assertThat(Files.readSymbolicLink(root.resolve("esc")).toString()).isEqualTo(outsideAbs);
        assertThat(root.resolve(outsideAbs.substring(1)).resolve("evil")).hasContent("x");
    }

    @Test
    void relativeSymlinkClimbingOutStopsAtTheRootfs() throws IOException {
        String up = "../".repeat(30);
        Image image = load(image().symlink("/etc/up", up + outsideAbs.substring(1)).file("/etc/up/evil", "x"));
        assertThat(top(image).resolve(outsideAbs.substring(1)).resolve("evil")).hasContent("x");
    }

    @Test
    void chainOfTwoSymlinksStaysInside() throws IOException {
        Image image = load(image().symlink("/l1", "l2").symlink("/l2", outsideAbs).file("/l1/evil", "x"));
        assertThat(top(image).resolve(outsideAbs.substring(1)).resolve("evil")).hasContent("x");
    }

    @Test
    void symlinkLoopIsAClearError() throws IOException {
        assertRejected(image().symlink("/a", "b").symlink("/b", "a").file("/a/x", "x"),
                Reason.INVALID, "too many levels of symbolic links");
    }

    @Test
    void earlierSymlinkedDirectoryInTheSameLayerResolvesInsideTheRootfs() throws IOException {
        Image image = load(image().symlink("/a", "/etc").file("/a/passwd", "pwned-marker"));
        assertThat(top(image).resolve("etc/passwd")).hasContent("pwned-marker");
        assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("pwned-marker");
    }

    @Test
    void symlinkedDirectoryOfALowerLayerIsShadowedNotFollowed() throws IOException {
        Image image = load(image().symlink("/a", outsideAbs).layer().file("/a/evil", "x"));
        Path top = top(image);
        assertThat(Files.isDirectory(top.resolve("a"))).isTrue();
        assertThat(top.resolve("a/evil")).hasContent("x");
    }

    @Test
    void hardlinksOutOfTheRootfsAreRejected() throws IOException {
        assertRejected(image().hardlink("/h", "../outside/victim"), Reason.INVALID, "escapes the layer root");
        assertRejected(image().hardlink("/h", outsideAbs + "/victim"), Reason.INVALID, "not in this layer");
        assertRejected(image().symlink("/s", outsideAbs).hardlink("/h", "/s/victim"), Reason.INVALID, "not in this layer");
        assertRejected(image().symlink("/s1", "s2").symlink("/s2", outsideAbs).hardlink("/h", "/s1/victim"),
                Reason.INVALID, "not in this layer");
    }

    @Test
    void hardlinksInsideTheLayerWork() throws IOException {
        Image image = load(image().hardlink("/etc/again", "/etc/base"));
        assertThat((Integer) Files.getAttribute(top(image).resolve("etc/again"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void hardlinkToASymlinkLinksTheSymlinkItself() throws IOException {
        Image image = load(image().symlink("/s", outsideAbs + "/victim").hardlink("/h", "/s"));
        assertThat(Files.isSymbolicLink(top(image).resolve("h"))).isTrue();
    }

    @Test
    void ordinaryInRootfsSymlinksWork() throws IOException {
        Image image = load(image().dir("/run").dir("/var").symlink("/var/run", "/run").file("/var/run/app.pid", "42")
                .symlink("/etc/rel", "../run/app.pid"));
        Path root = top(image);
        assertThat(Files.readSymbolicLink(root.resolve("var/run")).toString()).isEqualTo("/run");
        assertThat(root.resolve("run/app.pid")).hasContent("42");
        assertThat(root.resolve("etc/rel")).hasContent("42");
    }

    @Test
    void setuidBitsAreKeptOnFilesInTheSnapshot() throws IOException {
        Image image = load(image().file("/etc/su", "#!".getBytes(), 04755).dir("/etc/shared", 02775).dir("/etc/tmp", 01777));
        Path root = top(image);
        assertThat(mode(root.resolve("etc/su"))).isEqualTo(04755);
        assertThat(mode(root.resolve("etc/shared"))).isEqualTo(02775);
        assertThat(mode(root.resolve("etc/tmp"))).isEqualTo(01777);
    }

    @Test
    void modesNeverReachHostPathsThroughSymlinks() throws IOException {
        Image image = load(image()
                .symlink("/f", outsideAbs + "/victim").file("/f", "replaced".getBytes(), 04777)
                .dir("/d", 04777).symlink("/d", outsideAbs)
                .symlink("/g", outsideAbs).dir("/g", 0700));
        Path root = top(image);
        assertThat(root.resolve("f")).hasContent("replaced");
        assertThat(mode(root.resolve("f"))).isEqualTo(04777);
        assertThat(Files.isSymbolicLink(root.resolve("d"))).isTrue();
        assertThat(Files.isDirectory(root.resolve("g"))).isTrue();
    }

    @Test
    void directoryMetadataIsNotAppliedThroughAParentReplacedBySymlink() throws IOException {
        Image image = load(image().dir("/p").dir("/p/victim", 04777).symlink("/p", outsideAbs));
        assertThat(Files.isSymbolicLink(top(image).resolve("p"))).isTrue();
    }

    @Test
    void mtimesArePreserved() throws IOException {
        java.time.Instant when = java.time.Instant.parse("2001-02-03T04:05:06Z");
        Image image = load(image().mtime(when).file("/etc/old", "o").symlink("/etc/oldlink", "old").dir("/etc/olddir"));
        Path root = top(image);
        assertThat(Files.getLastModifiedTime(root.resolve("etc/old")).toInstant()).isEqualTo(when);
        assertThat(Files.getLastModifiedTime(root.resolve("etc/olddir")).toInstant()).isEqualTo(when);
        assertThat(Files.getLastModifiedTime(root.resolve("etc/oldlink"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .toInstant()).isEqualTo(when);
    }

    @Test
    void layersLargerThanTheLimitAreRefused() throws IOException {
        store = ImageStore.open(tmp.resolve("small"), new StoreLimits(1L << 30, 1 << 20, 100, 1 << 20));
        assertRejected(image().file("/big", new byte[2 << 20], 0644), Reason.TOO_LARGE, "larger than the limit");
        TestImageBuilder many = image();
        for (int i = 0; i < 150; i++) {
            many.file("/f" + i, "x");
        }
        assertRejected(many, Reason.TOO_LARGE, "more than 100 entries");
    }

    @Test
    void gzipBombsStopAtTheLayerLimit() throws IOException {
        store = ImageStore.open(tmp.resolve("small"), new StoreLimits(1L << 30, 1 << 20, 100, 1 << 20));
        assertRejected(image().file("/zeros", new byte[16 << 20], 0644).gzip(true), Reason.TOO_LARGE, "larger than the limit");
    }

    @Test
    void unknownEntryTypesAreSkipped() throws IOException {
        TarArchiveEntry odd = raw("odd", (byte) 'Q');
        Image image = load(image().entry(odd, new byte[0]).file("/after", "after"));
        assertThat(top(image).resolve("odd")).doesNotExist();
        assertThat(top(image).resolve("after")).hasContent("after");
    }

    @Test
    void hugeTarMetadataEntriesAreRefusedBeforeTheyAreRead() throws IOException {
        assertRejected(image().file("/x", "x").xattr("user.big", "b".repeat(2 << 20)).gzip(true),
                Reason.TOO_LARGE, "tar metadata entry ('x')");
    }

    @Test
    void longNamesAndPaxRecordsStillWork() throws IOException {
        String deep = "/d" + "/abcdefghij".repeat(30);
        Image image = load(image().dir("/d").file(deep, "deep").xattr("user.note", "n")
                .file("/bigfile", new byte[300_000], 0644).file("/after", "after"));
        assertThat(top(image).resolve(deep.substring(1))).hasContent("deep");
        assertThat(top(image).resolve("after")).hasContent("after");
    }

    @Test
    void archivesLargerThanTheLimitAreRefused() throws IOException {
        store = ImageStore.open(tmp.resolve("small"), new StoreLimits(64 << 10, 1 << 20, 100, 1 << 20));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        image().file("/big", new byte[128 << 10], 0644).writeTo(bytes);
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(ImageException.class).hasMessageContaining("image archive is larger than");
        assertNothingStored();
    }

    @Test
    void truncatedLayersAreRefused() throws IOException {
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        TestImages.builder().file("/data", new byte[10_000], 0644).file("/more", "more").writeTo(full);
        byte[] layerTar = extractLayer(full.toByteArray());
        byte[] half = Arrays.copyOf(layerTar, 4096);
        assertRejected(image().layer().rawLayer(half), Reason.INVALID, "");
    }

    @Test
    void truncatedGzipLayersAreRefused() throws IOException {
        Path dir = image().layer().file("/data", new byte[100_000], 0644).gzip(true)
                .format(ArchiveFormat.DOCKER_SAVE).writeDirectory(tmp.resolve("gz"));
        Path layer = secondLayer(dir);
        byte[] gz = Files.readAllBytes(layer);
        Files.write(layer, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> store.load(dir)).isInstanceOf(ImageException.class)
                .hasMessageContaining("truncated or corrupt");
        assertNothingStored();
    }

    @Test
    void layerContentNotMatchingItsDiffIdIsRefusedAndNothingIsKept() throws IOException {
        Path dir = image().layer().file("/data", "good-content").writeDirectory(tmp.resolve("bad"));
        Path layer = secondLayer(dir);
        String tar = new String(Files.readAllBytes(layer), StandardCharsets.ISO_8859_1).replace("good-content", "evil-content");
        Files.write(layer, tar.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> store.load(dir)).isInstanceOf(ImageException.class).hasMessageContaining("diff id mismatch");
        assertNothingStored();
    }

    @Test
    void configNotMatchingItsNameIsRefused() throws IOException {
        Path dir = image().writeDirectory(tmp.resolve("cfg"));
        try (Stream<Path> files = Files.list(dir)) {
            Path config = files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.json")).findFirst().orElseThrow();
            Files.writeString(config, Files.readString(config).replace("\"os\":\"linux\"", "\"os\":\"linux \""));
        }
        assertThatThrownBy(() -> store.load(dir)).isInstanceOf(ImageException.class).hasMessageContaining("does not match its digest");
        assertNothingStored();
    }

    @Test
    void ociBlobsNotMatchingTheirDigestAreRefused() throws IOException {
        Path dir = image().format(ArchiveFormat.OCI_LAYOUT).gzip(true).writeDirectory(tmp.resolve("oci"));
        try (Stream<Path> blobs = Files.list(dir.resolve("blobs/sha256"))) {
            Path biggest = blobs.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            byte[] data = Files.readAllBytes(biggest);
            data[data.length - 9] ^= 1; // inside the gzip trailer's CRC: the content digest changes
            Files.write(biggest, data);
        }
        assertThatThrownBy(() -> store.load(dir)).isInstanceOf(ImageException.class);
        assertNothingStored();
    }

    @Test
    void unprivilegedExtractionSkipsDeviceNodesAndRefusesWhiteouts() throws IOException {
        store = ImageStore.open(tmp.resolve("unprivileged"), StoreLimits.defaults(), new UnprivilegedFs());
        Image image = load(image().charDevice("/dev-null", 1, 3).owner(1000, 1000).file("/owned", "o"));
        assertThat(top(image).resolve("dev-null")).doesNotExist();
        assertThat(top(image).resolve("owned")).exists();
        assertThatThrownBy(() -> store.load(image().whiteout("/etc/base").write(tmp.resolve("w.tar"))))
                .isInstanceOf(ImageException.class).hasMessageContaining("needs root");
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static Path secondLayer(Path dockerSaveDir) throws IOException {
        String manifest = Files.readString(dockerSaveDir.resolve("manifest.json"));
        String layers = manifest.substring(manifest.indexOf("\"Layers\""));
        String second = layers.split("\"")[5];
        return dockerSaveDir.resolve(second);
    }

    private static byte[] extractLayer(byte[] archive) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith("layer.tar")) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("no layer");
    }
}
