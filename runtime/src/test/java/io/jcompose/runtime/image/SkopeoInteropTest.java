package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by {@code save} are read by skopeo (whose docker-archive reader follows
 * {@code docker load}), and what skopeo writes (docker-archive, OCI archive, OCI directory with
 * zstd layers) loads here. skopeo comes from .ci/apt-packages.
 */
class SkopeoInteropTest {

    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");

    @TempDir
    Path tmp;

    private ImageStore store;
    private Image image;
    private Path saved;

    @BeforeEach
    void saveAnImage() throws IOException {
        assumeTrue(Files.isExecutable(SKOPEO), "skopeo is not installed");
        store = ImageStore.open(tmp.resolve("store"));
        image = store.load(TestImages.busyboxBuilder().tag("interop/app:1").layer().file("/app", "app")
                .entrypoint("/bin/sh", "-c").write(tmp.resolve("in.tar"))).get(0);
        saved = tmp.resolve("saved.tar");
        try (OutputStream out = Files.newOutputStream(saved)) {
            store.save(List.of("interop/app:1"), out);
        }
    }

    @Test
    void skopeoReadsSavedArchivesAsDockerAndOciArchives() throws Exception {
        String docker = skopeo("inspect", "docker-archive:" + saved + ":interop/app:1");
        assertThat(docker).contains("sha256:" + image.layers().get(1).substring(7));
        String config = skopeo("inspect", "--config", "oci-archive:" + saved + ":1");
        assertThat(config).contains("\"/bin/sh\"");
        skopeo("copy", "-q", "docker-archive:" + saved + ":interop/app:1", "dir:" + tmp.resolve("copied"));
        assertThat(tmp.resolve("copied/manifest.json")).exists();
    }

    @Test
    void skopeoReadsTheTestFixtureInEveryFormat() throws Exception {
        assertThat(skopeo("inspect", "docker-archive:" + TestImages.busybox(tmp) + ":" + TestImages.BUSYBOX))
                .contains("\"Architecture\": \"amd64\"");
        Path dockerOci = TestImages.busyboxBuilder().format(io.jcompose.testing.images.ArchiveFormat.DOCKER_SAVE_OCI)
                .write(tmp.resolve("docker-oci.tar"));
        assertThat(skopeo("inspect", "docker-archive:" + dockerOci + ":" + TestImages.BUSYBOX)).contains("Layers");
        Path oci = TestImages.busyboxBuilder().format(io.jcompose.testing.images.ArchiveFormat.OCI_LAYOUT).gzip(true)
                .writeDirectory(tmp.resolve("oci"));
        assertThat(skopeo("inspect", "--config", "oci:" + oci + ":latest")).contains("\"sh\"");
    }

    @Test
    void whatSkopeoWritesLoadsBack() throws Exception {
        String source = "docker-archive:" + saved + ":interop/app:1";
        skopeo("copy", "-q", source, "docker-archive:" + tmp.resolve("d.tar") + ":skopeo/docker:1");
        skopeo("copy", "-q", source, "oci-archive:" + tmp.resolve("o.tar") + ":skopeo/oci:2");
        skopeo("copy", "-q", "--dest-compress", "--dest-compress-format", "zstd", source,
                "oci:" + tmp.resolve("zdir") + ":skopeo/zstd:3");
        ImageStore other = ImageStore.open(tmp.resolve("other"));
        assertThat(other.load(tmp.resolve("d.tar"))).singleElement()
                .satisfies(i -> assertThat(i.id()).isEqualTo(image.id()));
        Image oci = other.load(tmp.resolve("o.tar")).get(0);
        assertThat(oci.repoTags()).containsExactly("skopeo/oci:2");
        assertThat(other.load(tmp.resolve("zdir")).get(0).repoTags()).contains("skopeo/zstd:3");
        assertThat(other.layerDirs(other.require("skopeo/zstd:3")).get(1).resolve("app")).hasContent("app");
        assertThat(other.config(oci).entrypoint()).containsExactly("/bin/sh", "-c");
    }

    private static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(SKOPEO.toString(), "--insecure-policy"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", argv) + "\n" + text).isZero();
        return text;
    }
}
