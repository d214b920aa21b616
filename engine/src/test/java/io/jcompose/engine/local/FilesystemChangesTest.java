package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.engine.api.ContainerChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diff walk over plain directories; whiteouts and opaque directories are marked by path (no root needed). */
class FilesystemChangesTest {
    @TempDir
    Path dir;
    Path lower;
    Path upper;
    final Set<Path> whiteouts = new HashSet<>();
    final Set<Path> opaque = new HashSet<>();

    @BeforeEach
    void image() throws Exception {
        lower = Files.createDirectories(dir.resolve("lower"));
        upper = Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/motd"), "hi");
        Files.writeString(lower.resolve("etc/passwd"), "root:x:0:0");
        Files.createDirectories(lower.resolve("tmp"));
        Files.createDirectories(lower.resolve("opt/old"));
        Files.writeString(lower.resolve("opt/old/file"), "x");
    }

    private List<String> diff() {
        return new FilesystemChanges(List.of(lower), whiteouts::contains, opaque::contains).walk(upper).stream()
                .map(c -> "CAD".charAt(c.kind()) + " " + c.path()).toList();
    }

    private void copyMode(String path) throws Exception {
        Files.setPosixFilePermissions(upper.resolve(path), Files.getPosixFilePermissions(lower.resolve(path)));
    }

    @Test
    void addedFilesMakeTheirParentModifiedDeletionsComeFromWhiteouts() throws Exception {
        Files.createDirectories(upper.resolve("tmp"));
        copyMode("tmp");
        Files.writeString(upper.resolve("tmp/x"), "new");
        Files.createDirectories(upper.resolve("etc"));
        copyMode("etc");
        Files.writeString(upper.resolve("etc/motd"), "");
        whiteouts.add(upper.resolve("etc/motd"));
        Files.writeString(upper.resolve("etc/passwd"), "root:x:0:0\nnew:x:1:1");
        assertThat(diff()).containsExactly("C /etc", "D /etc/motd", "C /etc/passwd", "C /tmp", "A /tmp/x");
    }

    @Test
    void aNewDirectoryIsAddedWithItsContent() throws Exception {
        Files.createDirectories(upper.resolve("data/sub"));
        Files.writeString(upper.resolve("data/sub/f"), "1");
        assertThat(diff()).containsExactly("A /data", "A /data/sub", "A /data/sub/f");
    }

    @Test
    void anOpaqueDirectoryTheImageHadIsDeletedAndItsNewContentAdded() throws Exception {
        Files.createDirectories(upper.resolve("opt/old"));
        copyMode("opt");
        opaque.add(upper.resolve("opt/old"));
        Files.writeString(upper.resolve("opt/old/fresh"), "y");
        assertThat(diff()).containsExactly("C /opt", "D /opt/old", "A /opt/old/fresh");
    }

    @Test
    void aPathBelowAWhiteoutInTheImageCountsAsAdded() throws Exception {
        Path top = Files.createDirectories(dir.resolve("top"));
        Files.writeString(top.resolve("opt"), "");
        Path hiding = top.resolve("opt");
        whiteouts.add(hiding);
        Files.createDirectories(upper.resolve("opt/old"));
        Files.writeString(upper.resolve("opt/old/file"), "x");
        List<String> changes = new FilesystemChanges(List.of(lower, top), whiteouts::contains, opaque::contains)
                .walk(upper).stream().map(c -> "CAD".charAt(c.kind()) + " " + c.path()).toList();
        assertThat(changes).containsExactly("A /opt", "A /opt/old", "A /opt/old/file");
    }

    @Test
    void mountPointsDockerKeepsInItsInitLayerAreLeftOut() throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        copyMode("etc");
        Files.writeString(upper.resolve("etc/hosts"), "");
        Files.createDirectories(upper.resolve("proc"));
        Files.createDirectories(upper.resolve("dev"));
        assertThat(diff()).isEmpty();
        assertThat(new FilesystemChanges(List.of(lower), p -> false, p -> false).walk(dir.resolve("none"))).isEmpty();
    }

    @Test
    void kindsAreDockers() {
        assertThat(List.of(ContainerChange.MODIFIED, ContainerChange.ADDED, ContainerChange.DELETED))
                .containsExactly(0, 1, 2);
    }
}
