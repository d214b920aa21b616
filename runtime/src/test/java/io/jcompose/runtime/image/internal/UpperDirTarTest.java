package io.jcompose.runtime.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlay marks to OCI whiteouts; whiteouts and opaque directories are marked by path (no root needed). */
class UpperDirTarTest {
    @TempDir
    Path upper;
    final Set<Path> whiteouts = new HashSet<>();
    final Set<Path> opaque = new HashSet<>();

    /** name -> "type mode content-or-link", in archive order. */
    private Map<String, String> layer(Set<String> excluded) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new UpperDirTar(whiteouts::contains, opaque::contains, excluded).write(upper, out);
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String kind = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l" : e.isLink() ? "h" : "f";
                String what = e.isSymbolicLink() || e.isLink() ? e.getLinkName()
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                entries.put(e.getName(), kind + " " + Integer.toOctalString(e.getMode()) + " " + what);
            }
        }
        return entries;
    }

    @Test
    void whiteoutsBecomeWhFilesAndOpaqueDirectoriesGetTheirMarker() throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/group"), "");
        whiteouts.add(upper.resolve("etc/group"));
        Files.createDirectories(upper.resolve("opt"));
        opaque.add(upper.resolve("opt"));
        Files.writeString(upper.resolve("opt/new"), "fresh");
        Files.setPosixFilePermissions(upper.resolve("opt/new"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(layer(Set.of())).containsExactly(
                Map.entry("etc/", "d 755 "),
                Map.entry("etc/.wh.group", "f 600 "),
                Map.entry("opt/", "d 755 "),
                Map.entry("opt/.wh..wh..opq", "f 755 "),
                Map.entry("opt/new", "f 640 fresh"));
    }

    @Test
    void symlinksAndHardLinksAreKeptAndExcludedPathsLeftOut() throws Exception {
        Files.writeString(upper.resolve("x"), "cat me");
        Files.createLink(upper.resolve("y"), upper.resolve("x"));
        Files.createSymbolicLink(upper.resolve("z"), Path.of("/x"));
        Files.createDirectories(upper.resolve("proc/1"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/hosts"), "");
        Map<String, String> layer = layer(Set.of("proc", "etc/hosts"));
        assertThat(layer.keySet()).containsExactly("etc/", "x", "y", "z");
        assertThat(layer).containsEntry("x", "f 644 cat me").containsEntry("y", "h 644 x").containsEntry("z", "l 777 /x");
    }
}
