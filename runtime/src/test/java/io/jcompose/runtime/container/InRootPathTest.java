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

    @Test
    void theRootIsADirectoryEvenWhenReachedThroughALinkAsProcPidRootIs() throws Exception {
        Path dir = Files.createDirectories(root.resolve("rootfs"));
        Files.createDirectories(dir.resolve("etc"));
        Files.createSymbolicLink(dir.resolve("up"), Path.of(".."));
        Path link = Files.createSymbolicLink(root.resolve("root"), dir);
        for (String slash : new String[] {"/", "", "/etc/..", "/up", "/up/.."}) {
            Path p = InRootPath.resolve(link, slash, true);
            assertThat(InRootPath.isDirectory(p)).as(slash).isTrue();
            assertThat(p.normalize()).as(slash).isEqualTo(link);
        }
        Path etc = InRootPath.resolve(link, "/etc", true);
        assertThat(etc).isEqualTo(link.resolve("etc"));
        assertThat(InRootPath.isDirectory(etc)).isTrue();
        assertThat(InRootPath.resolve(link, "/up", false)).isEqualTo(link.resolve("up"));
    }
}
