package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.testing.images.ArchiveFormat;
import io.jcompose.testing.images.TestImageBuilder;
import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive files that point at other archive files: Docker's shared layer.tar symlinks, and hostile ones. */
class ArchiveShapeTest {

    @TempDir
    Path tmp;

    private static TestImageBuilder image() {
        return TestImages.builder().tag("shape").file("/hello", "hello");
    }

    /** Tars {@code dir}, writing {@code layerName} as a symlink to {@code target} instead of the file. */
    private Path retar(Path dir, String layerName, String target, Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                if (name.equals(layerName)) {
                    TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    link.setLinkName(target);
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                    name = "shared/layer.tar";
                }
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
                tar.putArchiveEntry(e);
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return out;
    }

    private static String layerPath(Path dir) throws IOException {
        String manifest = Files.readString(dir.resolve("manifest.json"));
        return manifest.substring(manifest.indexOf("\"Layers\"")).split("\"")[3];
    }

    @Test
    void sharedLayerSymlinksInsideTheArchiveAreFollowed() throws IOException {
        Path dir = image().format(ArchiveFormat.DOCKER_SAVE).writeDirectory(tmp.resolve("d"));
        String layer = layerPath(dir);
        Path archive = retar(dir, layer, "../shared/layer.tar", tmp.resolve("linked.tar"));
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(archive).get(0);
        assertThat(store.layerDirs(image).get(0).resolve("hello")).hasContent("hello");
    }

    @Test
    void archiveSymlinksToHostFilesAreNotFollowed() throws IOException {
        Path dir = image().format(ArchiveFormat.DOCKER_SAVE).writeDirectory(tmp.resolve("d"));
        String layer = layerPath(dir);
        Path hostile = retar(dir, layer, "../../../../../../../../../etc/passwd", tmp.resolve("hostile.tar"));
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.load(hostile)).isInstanceOf(ImageException.class)
                .hasMessageContaining("archive has no layer file");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void layoutDirectorySymlinksLeavingTheDirectoryAreNotFollowed() throws IOException {
        Path dir = image().format(ArchiveFormat.DOCKER_SAVE).writeDirectory(tmp.resolve("d"));
        Path layer = dir.resolve(layerPath(dir));
        Path elsewhere = Files.move(layer, tmp.resolve("elsewhere.tar"));
        Files.createSymbolicLink(layer, elsewhere);
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.load(dir)).hasMessageContaining("archive has no layer file");
    }

    @Test
    void zstdLayersAreReadWithTheZstdProgram() throws Exception {
        Path dir = image().layer().file("/z", "zstd content").format(ArchiveFormat.DOCKER_SAVE).writeDirectory(tmp.resolve("z"));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Path layer = dir.resolve(manifest.substring(manifest.indexOf("\"Layers\"")).split("\"")[5]);
        Process zstd = new ProcessBuilder("zstd", "-q", "--rm", layer.toString(), "-o", layer + ".zst").start();
        assertThat(zstd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(zstd.exitValue()).isZero();
        Files.move(Path.of(layer + ".zst"), layer);
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(dir).get(0);
        assertThat(store.layerDirs(image).get(1).resolve("z")).hasContent("zstd content");

        byte[] data = Files.readAllBytes(layer);
        Files.write(layer, java.util.Arrays.copyOf(data, data.length - 8));
        ImageStore other = ImageStore.open(tmp.resolve("other"));
        assertThatThrownBy(() -> other.load(dir)).isInstanceOf(ImageException.class).hasMessageContaining("zstd");
        assertThat(other.list()).isEmpty();
    }

    @Test
    void pruneRemovesDanglingThenUnusedImages() throws IOException {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image old = store.load(image().write(tmp.resolve("1.tar"))).get(0);
        Image current = store.load(image().label("v", "2").layer().file("/big", new byte[5000], 0644)
                .write(tmp.resolve("2.tar"))).get(0);
        Image other = store.load(TestImages.builder().tag("other").file("/o", "o").write(tmp.resolve("3.tar"))).get(0);

        RemovalResult dangling = store.prune(false, id -> false);
        assertThat(dangling.deleted()).containsExactly(old.id()); // its only layer is shared with "current"
        assertThat(dangling.reclaimedBytes()).isZero();

        RemovalResult all = store.prune(true, id -> id.equals(other.id()));
        assertThat(all.untagged()).containsExactly("shape:latest");
        assertThat(all.deleted()).contains(current.id()).hasSize(3);
        assertThat(all.reclaimedBytes()).isEqualTo(5005);
        assertThat(store.list()).extracting(Image::id).containsExactly(other.id());
    }

    @Test
    void ociLayoutWithoutAnImageForThisPlatformIsAClearError() throws IOException {
        Path dir = image().platform("linux", "s390x").format(ArchiveFormat.OCI_LAYOUT).writeDirectory(tmp.resolve("p"));
        String index = Files.readString(dir.resolve("index.json"));
        Files.writeString(dir.resolve("index.json"), index.replace("\"size\":", "\"platform\":{\"os\":\"linux\",\"architecture\":\"s390x\"},\"size\":"));
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.load(dir)).hasMessageContaining("no image for linux/");
    }

    @Test
    void saveRefusesUnknownImages() {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.save(List.of("ghost"), OutputStream.nullOutputStream()))
                .hasMessage("No such image: ghost");
    }
}
