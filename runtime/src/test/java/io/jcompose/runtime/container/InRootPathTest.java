package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InRootPathTest {
    @TempDir
    Path root;

    @Test
    void symlinksResolveInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../etc"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertThat(InRootPath.resolve(root, "/abs/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InRootPath.resolve(root, "/up/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InRootPath.resolve(root, "/../../x", true)).isEqualTo(root.resolve("x"));
        assertThat(InRootPath.resolve(root, "/abs", false)).isEqualTo(root.resolve("abs"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InRootPath.resolve(root, "/loop/x", true))
                .hasMessageContaining("too many levels");
    }
}
