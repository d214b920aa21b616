package io.jcompose.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.images.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Layers written by GNU tar in each of its formats (long names, sparse files, hard links) unpack intact. */
class GnuTarLayerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "posix", "ustar", "oldgnu"})
    void gnuTarFormatsUnpack(String format) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        String deep = "d/" + "long-directory-name-".repeat(4) + "/" + "x".repeat(90);
        boolean longNames = !format.equals("ustar");
        Path file = src.resolve(longNames ? deep : "d/short");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "deep");
        try (RandomAccessFile sparse = new RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            sparse.seek(3 << 20);
            sparse.write("end".getBytes());
        }
        Files.createLink(src.resolve("hard"), src.resolve("sparse"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("/d"));
        Files.writeString(src.resolve("after"), "after");
        Path layer = tmp.resolve("layer.tar");
        List<String> argv = new java.util.ArrayList<>(List.of("tar", "--format=" + format));
        if (longNames) {
            argv.add("--sparse"); // ustar has neither long names nor sparse files
        }
        argv.addAll(List.of("-C", src.toString(), "-cf", layer.toString(), "."));
        Process tar = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();

        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Image image = store.load(TestImages.builder().tag("gnu").rawLayer(Files.readAllBytes(layer))
                .write(tmp.resolve("image.tar"))).get(0);
        Path root = store.layerDirs(image).get(0);

        assertThat(root.resolve(longNames ? deep : "d/short")).hasContent("deep");
        assertThat(Files.size(root.resolve("sparse"))).isEqualTo((3 << 20) + 3);
        byte[] tail = new byte[3];
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("sparse").toFile(), "r")) {
            f.seek(3 << 20);
            f.readFully(tail);
        }
        assertThat(new String(tail)).isEqualTo("end");
        assertThat(Files.getAttribute(root.resolve("hard"), "unix:ino")).isEqualTo(Files.getAttribute(root.resolve("sparse"), "unix:ino"));
        assertThat(Files.readSymbolicLink(root.resolve("link"))).isEqualTo(Path.of("/d"));
        assertThat(root.resolve("after")).hasContent("after");
        assertThat(List.of(store.list().get(0).id())).containsExactly(image.id());
    }
}
