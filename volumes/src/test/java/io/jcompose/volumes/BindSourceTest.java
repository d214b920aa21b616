package io.jcompose.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindSourceTest {
    @TempDir
    Path dir;

    @Test
    void dashVCreatesAMissingDirectory() throws Exception {
        Path p = BindSource.prepare(dir.resolve("a/b").toString(), true);
        assertThat(Files.isDirectory(p)).isTrue();
    }

    @Test
    void dashDashMountRequiresTheSource() {
        assertThatThrownBy(() -> BindSource.prepare(dir.resolve("missing").toString(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist: " + dir.resolve("missing"));
    }

    @Test
    void relativeAndDanglingSourcesAreRefused() throws Exception {
        assertThatThrownBy(() -> BindSource.prepare("rel/x", true)).hasMessageContaining("must be absolute");
        Files.createSymbolicLink(dir.resolve("l"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> BindSource.prepare(dir.resolve("l").toString(), true)).hasMessageContaining("dangling");
    }

    @Test
    void existingFilesAreUsedAsTheyAre() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThat(BindSource.prepare(f.toString(), false)).isEqualTo(f);
    }
}
