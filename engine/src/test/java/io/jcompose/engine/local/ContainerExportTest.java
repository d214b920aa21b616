package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export merge over plain directories; whiteouts and opaque directories are marked by path (no root needed). */
class ContainerExportTest {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");
    @TempDir
    Path dir;
    Path base;
    Path top;
    Path upper;
    final Set<Path> whiteouts = new HashSet<>();
    final Set<Path> opaque = new HashSet<>();

    @BeforeEach
    void image() throws Exception {
        base = Files.createDirectories(dir.resolve("base"));
        top = Files.createDirectories(dir.resolve("top"));
        upper = Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(base.resolve("bin"));
        Files.writeString(base.resolve("bin/tool"), "v1");
        Files.createLink(base.resolve("bin/alias"), base.resolve("bin/tool"));
        Files.createSymbolicLink(base.resolve("bin/sh"), Path.of("tool"));
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/hosts"), "127.0.0.1 image\n");
        Files.writeString(base.resolve("etc/motd"), "hi");
        Files.createDirectories(base.resolve("opt/old"));
        Files.writeString(base.resolve("opt/old/file"), "x");
        Files.createDirectories(top.resolve("bin"));
        Files.writeString(top.resolve("bin/tool"), "v2");
    }

    /** name -> "type content-or-link" of every entry, in archive order. */
    private Map<String, String> export() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerExport.write(List.of(base, top), upper, CREATED, out, whiteouts::contains, opaque::contains);
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String what = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l " + e.getLinkName()
                        : e.isLink() ? "h " + e.getLinkName() : "f " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
                entries.put(e.getName(), what);
            }
        }
        return entries;
    }

    @Test
    void theTopmostVersionWinsAndHardLinksStayLinks() throws Exception {
        Files.createDirectories(upper.resolve("data"));
        Files.writeString(upper.resolve("data/new"), "written");
        Map<String, String> e = export();
        assertThat(e).containsEntry("bin/tool", "f v2").containsEntry("bin/alias", "f v1")
                .containsEntry("bin/sh", "l tool").containsEntry("data/new", "f written")
                .containsEntry("etc/motd", "f hi").containsEntry("opt/old/file", "f x");
        assertThat(List.copyOf(e.keySet())).isSorted();
        Files.createLink(base.resolve("bin/zz"), base.resolve("bin/alias"));
        assertThat(export()).containsEntry("bin/zz", "h bin/alias");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideWhatIsBelow() throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/motd"), "");
        whiteouts.add(upper.resolve("etc/motd"));
        Files.createDirectories(upper.resolve("opt"));
        opaque.add(upper.resolve("opt"));
        Files.writeString(upper.resolve("opt/fresh"), "y");
        Map<String, String> e = export();
        assertThat(e).doesNotContainKeys("etc/motd", "opt/old/", "opt/old/file").containsEntry("opt/fresh", "f y");
    }

    @Test
    void dockersInitLayerFillsWhatTheImageLacks() throws Exception {
        Map<String, String> e = export();
        assertThat(e).containsEntry(".dockerenv", "f ").containsEntry("etc/hostname", "f ")
                .containsEntry("etc/resolv.conf", "f ").containsEntry("etc/mtab", "l /proc/mounts")
                .containsEntry("dev/", "d").containsEntry("dev/pts/", "d").containsEntry("dev/console", "f ")
                .containsEntry("proc/", "d").containsEntry("sys/", "d")
                // the image's own file stays
                .containsEntry("etc/hosts", "f 127.0.0.1 image\n");
    }

    @Test
    void aPathTheContainerDeletedStaysDeletedAndOneTheImageDeletedComesFromTheInitLayer() throws Exception {
        Files.writeString(upper.resolve(".dockerenv"), "");
        whiteouts.add(upper.resolve(".dockerenv"));
        Files.writeString(base.resolve("etc/hostname"), "image");
        Files.createDirectories(top.resolve("etc"));
        Files.writeString(top.resolve("etc/hostname"), "");
        whiteouts.add(top.resolve("etc/hostname"));
        assertThat(export()).doesNotContainKey(".dockerenv").containsEntry("etc/hostname", "f ");
    }

    @Test
    void theRuntimesMountPointsInTheUpperDirGiveWayToTheImageOrTheInitLayer() throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/hosts"), "");
        Files.writeString(upper.resolve("etc/resolv.conf"), "");
        Files.writeString(base.resolve("etc/resolv.conf"), "nameserver 10.0.0.1\n");
        Map<String, String> entries = export();
        assertThat(entries).containsEntry("etc/resolv.conf", "f nameserver 10.0.0.1\n")
                .containsEntry("etc/hosts", "f 127.0.0.1 image\n");
    }
}
