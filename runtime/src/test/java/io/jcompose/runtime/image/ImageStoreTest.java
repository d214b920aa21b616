package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.testing.images.ArchiveFormat;
import io.jcompose.testing.images.TestImageBuilder;
import io.jcompose.testing.images.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    @TempDir
    Path tmp;

    private ImageStore store() {
        return ImageStore.open(tmp.resolve("store"));
    }

    private static TestImageBuilder small(String tag) {
        return TestImages.builder().tag(tag).dir("/bin").file("/bin/hello", "hello\n").cmd("/bin/hello");
    }

    @Test
    void loadsTheBusyboxFixtureWithItsConfigAndLayer() throws Exception {
        ImageStore store = store();
        List<Image> loaded = store.load(TestImages.busybox(tmp));

        assertThat(loaded).hasSize(1);
        Image image = loaded.get(0);
        assertThat(image.id()).isEqualTo(TestImages.busyboxBuilder().imageId());
        assertThat(image.repoTags()).containsExactly("jcompose-test/busybox:latest");
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().envMap()).containsKey("PATH");
        assertThat(image.size()).isGreaterThan(1_000_000);
        List<Path> dirs = store.layerDirs(image);
        assertThat(dirs).hasSize(1);
        assertThat(dirs.get(0).resolve("bin/busybox")).isExecutable();
        assertThat(Files.readSymbolicLink(dirs.get(0).resolve("bin/sh"))).hasToString("busybox");
        assertThat(Files.readSymbolicLink(dirs.get(0).resolve("var/run"))).hasToString("/run");
        assertThat(Files.readString(dirs.get(0).resolve("etc/passwd"))).contains("app:x:1000:1000");
        assertThat(Integer.toOctalString((Integer) Files.getAttribute(dirs.get(0).resolve("tmp"), "unix:mode") & 07777))
                .isEqualTo("1777");
    }

    @Test
    void findsByDockerReferenceRulesAndIds() throws Exception {
        ImageStore store = store();
        Image image = store.load(small("app").write(tmp.resolve("a.tar"))).get(0);
        String hex = image.id().substring(7);

        for (String ref : List.of("app", "app:latest", "docker.io/library/app:latest", "library/app",
                image.id(), hex, hex.substring(0, 12), "sha256:" + hex.substring(0, 6))) {
            assertThat(store.find(ref)).as(ref).map(Image::id).contains(image.id());
        }
        assertThat(store.find("app:other")).isEmpty();
        assertThat(store.find("other")).isEmpty();
        assertThatThrownBy(() -> store.require("nope")).hasMessage("No such image: nope");
        assertThatThrownBy(() -> store.find("Bad/Ref")).isInstanceOf(ImageException.class)
                .hasMessageContaining("invalid reference format");
    }

    @Test
    void exposesEveryConfigField() throws Exception {
        ImageStore store = store();
        Image image = store.load(small("cfg:1").entrypoint("/bin/hello", "-v").cmd("a", "b")
                .env("A", "1").env("B", "x=y").user("1000:1000").workdir("/srv").label("k", "v")
                .expose("80/tcp").expose("53/udp").volume("/data").stopSignal("SIGQUIT")
                .healthcheck(List.of("CMD-SHELL", "true"), 2_000_000_000L, 1_000_000_000L, 3)
                .write(tmp.resolve("c.tar"))).get(0);

        ImageConfig c = store.config(image);
        assertThat(c.entrypoint()).containsExactly("/bin/hello", "-v");
        assertThat(c.cmd()).containsExactly("a", "b");
        assertThat(c.env()).containsExactly("A=1", "B=x=y");
        assertThat(c.envMap()).containsEntry("B", "x=y");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.labels()).containsEntry("k", "v");
        assertThat(c.exposedPorts()).containsExactly("53/udp", "80/tcp");
        assertThat(c.volumes()).containsExactly("/data");
        assertThat(c.stopSignal()).contains("SIGQUIT");
        assertThat(c.healthcheck()).hasValueSatisfying(h -> {
            assertThat(h.test()).containsExactly("CMD-SHELL", "true");
            assertThat(h.interval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(h.retries()).isEqualTo(3);
        });
        assertThat(c.architecture()).isEqualTo("amd64");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.created()).contains(TestImageBuilder.EPOCH);
        assertThat(store.history(image)).singleElement().satisfies(h -> assertThat(h.createdBy()).contains("layer 1"));
    }

    @Test
    void readsEveryArchiveShape() throws Exception {
        TestImageBuilder b = small("shape").layer().file("/etc/two", "2");
        String id = b.imageId();
        List<Path> archives = List.of(
                b.format(ArchiveFormat.DOCKER_SAVE).write(tmp.resolve("legacy.tar")),
                b.format(ArchiveFormat.DOCKER_SAVE_OCI).write(tmp.resolve("oci-docker.tar")),
                b.format(ArchiveFormat.OCI_LAYOUT).gzip(true).write(tmp.resolve("oci.tar")),
                b.format(ArchiveFormat.OCI_LAYOUT).gzip(true).writeDirectory(tmp.resolve("oci-dir")),
                b.format(ArchiveFormat.DOCKER_SAVE).gzip(true).write(tmp.resolve("legacy-gz.tar")));
        for (Path archive : archives) {
            ImageStore store = ImageStore.open(tmp.resolve("store-" + archive.getFileName()));
            Image image = store.load(archive).get(0);
            assertThat(image.id()).as(archive.toString()).isEqualTo(id);
            assertThat(image.repoTags()).as(archive.toString()).containsExactly("shape:latest");
            assertThat(store.layerDirs(image).get(1).resolve("etc/two")).hasContent("2");
        }
        ImageStore oci = ImageStore.open(tmp.resolve("store-oci.tar"));
        assertThat(oci.require("shape").repoDigests()).singleElement().asString().startsWith("shape@sha256:");
    }

    @Test
    void loadsFromAStream() throws Exception {
        ImageStore store = store();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        small("streamed").writeTo(bytes);
        assertThat(store.load(new ByteArrayInputStream(bytes.toByteArray()))).singleElement()
                .satisfies(i -> assertThat(i.repoTags()).containsExactly("streamed:latest"));
        try (Stream<Path> left = Files.list(store.root().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void sharedLayersAreUnpackedOnce() throws Exception {
        ImageStore store = store();
        Image one = store.load(small("one").layer().file("/one", "1").write(tmp.resolve("1.tar"))).get(0);
        Image two = store.load(small("two").layer().file("/two", "2").write(tmp.resolve("2.tar"))).get(0);

        assertThat(store.layerDirs(one).get(0)).isEqualTo(store.layerDirs(two).get(0));
        try (Stream<Path> snapshots = Files.list(store.root().resolve("snapshots"))) {
            assertThat(snapshots).hasSize(3);
        }
        store.remove("one", false, id -> false);
        assertThat(store.layerDirs(two).get(0).resolve("bin/hello")).exists();
        try (Stream<Path> snapshots = Files.list(store.root().resolve("snapshots"))) {
            assertThat(snapshots).hasSize(2);
        }
    }

    @Test
    void aRepeatedLayerIsListedOnceAtItsTopmostPosition() throws Exception {
        ImageStore store = store();
        Image image = store.load(TestImages.builder().tag("repeat").file("/a", "1")
                .layer().file("/b", "2").layer().file("/a", "1").write(tmp.resolve("r.tar"))).get(0);
        assertThat(image.layers()).hasSize(3);
        assertThat(image.layers().get(0)).isEqualTo(image.layers().get(2));
        List<Path> dirs = store.layerDirs(image);
        assertThat(dirs).hasSize(2);
        assertThat(dirs.get(0).resolve("b")).exists();
        assertThat(dirs.get(1).resolve("a")).exists();
    }

    @Test
    void concurrentLoadsOfTheSameLayerDoNotCorruptIt() throws Exception {
        ImageStore store = store();
        Path archive = TestImages.busybox(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Image>>> runs = Stream.generate(() -> pool.submit(() -> store.load(archive))).limit(4).toList();
            for (Future<List<Image>> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        Image image = store.require(TestImages.BUSYBOX);
        assertThat(Files.size(store.layerDirs(image).get(0).resolve("bin/busybox")))
                .isEqualTo(Files.size(Path.of(Files.exists(Path.of("/bin/busybox")) ? "/bin/busybox" : "/usr/bin/busybox")));
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void loadsAndRemovesRacingEachOtherLeaveAConsistentStore() throws Exception {
        ImageStore store = store();
        Path archive = small("race").layer().file("/data", "payload").write(tmp.resolve("race.tar"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> runs = List.of(
                    pool.submit(() -> repeat(10, () -> store.load(archive))),
                    pool.submit(() -> repeat(10, () -> store.load(archive))),
                    pool.submit(() -> repeat(20, () -> {
                        try {
                            store.remove("race", false, id -> false);
                        } catch (ImageException e) {
                            assertThat(e.reason()).isEqualTo(ImageException.Reason.NOT_FOUND);
                        }
                    })));
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Image image = store.load(archive).get(0);
        assertThat(store.layerDirs(image).get(1).resolve("data")).hasContent("payload");
        assertThat(store.layerDirs(image).get(0).resolve("bin/hello")).hasContent("hello\n");
        store.remove("race", false, id -> false);
        try (Stream<Path> snapshots = Files.list(store.root().resolve("snapshots"))) {
            assertThat(snapshots).isEmpty();
        }
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    @Test
    void tagAndRemoveFollowDockerRmi() throws Exception {
        ImageStore store = store();
        Image image = store.load(small("base:1").write(tmp.resolve("b.tar"))).get(0);
        store.tag("base:1", "copy");
        assertThat(store.require("copy:latest").id()).isEqualTo(image.id());
        assertThat(store.require(image.id()).repoTags()).containsExactly("base:1", "copy:latest");

        assertThatThrownBy(() -> store.remove(image.id(), false, id -> false))
                .isInstanceOf(ImageException.class).hasMessageContaining("referenced in multiple repositories");

        RemovalResult untag = store.remove("copy", false, id -> true);
        assertThat(untag.untagged()).containsExactly("copy:latest");
        assertThat(untag.deleted()).isEmpty();

        assertThatThrownBy(() -> store.remove("base:1", false, id -> true))
                .isInstanceOf(ImageException.class).satisfies(e ->
                        assertThat(((ImageException) e).reason()).isEqualTo(ImageException.Reason.CONFLICT));

        RemovalResult gone = store.remove("base:1", false, id -> false);
        assertThat(gone.untagged()).containsExactly("base:1");
        assertThat(gone.deleted()).contains(image.id()).hasSize(2);
        assertThat(store.list()).isEmpty();
        assertThat(store.root().resolve("blobs/sha256/" + image.id().substring(7))).doesNotExist();
    }

    @Test
    void forcedRemovalOfAnImageInUseOnlyUntags() throws Exception {
        ImageStore store = store();
        Image image = store.load(small("used").write(tmp.resolve("u.tar"))).get(0);
        RemovalResult r = store.remove("used", true, id -> id.equals(image.id()));
        assertThat(r.untagged()).containsExactly("used:latest");
        assertThat(r.deleted()).isEmpty();
        assertThat(store.find(image.id())).hasValueSatisfying(i -> assertThat(i.repoTags()).isEmpty());
        assertThat(store.remove(image.id(), false, id -> false).deleted()).contains(image.id());
    }

    @Test
    void tagsMoveAndOldImagesStayAsDangling() throws Exception {
        ImageStore store = store();
        Image old = store.load(small("moving").write(tmp.resolve("o.tar"))).get(0);
        Image fresh = store.load(small("moving").label("v", "2").write(tmp.resolve("n.tar"))).get(0);
        assertThat(store.require("moving").id()).isEqualTo(fresh.id());
        assertThat(store.require(old.id()).repoTags()).isEmpty();
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void savedArchivesLoadBackIdentically() throws Exception {
        ImageStore store = store();
        Image image = store.load(small("saved:v1").layer().symlink("/link", "bin/hello").write(tmp.resolve("s.tar"))).get(0);
        store.tag("saved:v1", "saved:v2");
        Path out = tmp.resolve("out.tar");
        try (var os = Files.newOutputStream(out)) {
            store.save(List.of("saved"), os);
        }
        ImageStore other = ImageStore.open(tmp.resolve("other"));
        Image back = other.load(out).get(0);
        assertThat(back.id()).isEqualTo(image.id());
        assertThat(back.repoTags()).containsExactly("saved:v1", "saved:v2");
        assertThat(back.layers()).isEqualTo(image.layers());
        assertThat(Files.isSymbolicLink(other.layerDirs(back).get(1).resolve("link"))).isTrue();

        ByteArrayOutputStream byId = new ByteArrayOutputStream();
        store.save(List.of(image.id()), byId);
        ImageStore third = ImageStore.open(tmp.resolve("third"));
        assertThat(third.load(new ByteArrayInputStream(byId.toByteArray()))).singleElement()
                .satisfies(i -> assertThat(i.repoTags()).isEmpty());
    }

    @Test
    void reopeningTheStoreKeepsImagesAndTags() throws Exception {
        Image image = store().load(small("kept").write(tmp.resolve("k.tar"))).get(0);
        ImageStore again = store();
        assertThat(again.require("kept").id()).isEqualTo(image.id());
        assertThat(Files.isDirectory(again.layerDirs(image).get(0), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void missingArchiveOrGarbageIsAClearError() throws Exception {
        ImageStore store = store();
        assertThatThrownBy(() -> store.load(tmp.resolve("absent.tar"))).hasMessageContaining("no such file");
        Path junk = Files.writeString(tmp.resolve("junk.tar"), "this is not a tar");
        assertThatThrownBy(() -> store.load(junk)).isInstanceOf(ImageException.class);
        InputStream empty = new ByteArrayInputStream(new byte[1024]);
        assertThatThrownBy(() -> store.load(empty)).hasMessageContaining("no manifest.json");
    }

    /** A config for a child of {@code parent} whose last layer is {@code diffId}. */
    private static byte[] childConfig(Image parent, String diffId) {
        StringBuilder ids = new StringBuilder();
        parent.layers().forEach(d -> ids.append('"').append(d).append("\","));
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"cat\",\"/data/new\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "\"" + diffId + "\"]},"
                + "\"history\":[{\"created_by\":\"base\"},{\"created_by\":\"commit\",\"comment\":\"msg\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void createsAnImageFromAnUpperDirectoryWithItsNewLayerOnTop() throws Exception {
        ImageStore store = store();
        Image parent = store.load(small("app").write(tmp.resolve("a.tar"))).get(0);
        Path upper = Files.createDirectories(tmp.resolve("upper/data"));
        Files.writeString(upper.resolve("new"), "committed\n");
        Files.createDirectories(tmp.resolve("upper/proc/self"));

        Image child = store.create(tmp.resolve("upper"), java.util.Set.of("proc"), d -> childConfig(parent, d),
                java.util.Optional.of("app:child"));

        assertThat(child.repoTags()).containsExactly("app:child");
        assertThat(child.layers()).hasSize(2).startsWith(parent.layers().get(0));
        assertThat(child.config().cmd()).containsExactly("cat", "/data/new");
        Path top = store.layerDirs(child).get(1);
        assertThat(top.resolve("data/new")).hasContent("committed");
        assertThat(top.resolve("proc")).doesNotExist();
        assertThat(store.history(child).get(0).comment()).isEqualTo("msg");
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        store.save(List.of("app:child"), saved);
        ImageStore other = ImageStore.open(tmp.resolve("other"));
        assertThat(other.load(new ByteArrayInputStream(saved.toByteArray())).get(0).id()).isEqualTo(child.id());
    }

    @Test
    void aConfigThatDoesNotEndWithTheNewLayerIsRefusedAndTheLayerNotKept() throws Exception {
        ImageStore store = store();
        Image parent = store.load(small("app").write(tmp.resolve("a.tar"))).get(0);
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.writeString(upper.resolve("f"), "x");
        String[] made = new String[1];
        assertThatThrownBy(() -> store.create(upper, java.util.Set.of(), d -> {
            made[0] = d;
            return childConfig(parent, parent.layers().get(0));
        }, java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.layerSize(made[0])).isZero();
        assertThat(store.list()).hasSize(1);
    }
}
