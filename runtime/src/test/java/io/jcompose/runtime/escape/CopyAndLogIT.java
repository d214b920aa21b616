package io.jcompose.runtime.escape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.container.ContainerException;
import io.jcompose.runtime.container.LogEntry;
import io.jcompose.runtime.container.LogQuery;
import io.jcompose.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a container controls that the engine then handles on the host: paths for docker cp
 * (symlinks planted to redirect a copy), its log output (forged JSON records), and an image
 * config that tries to smuggle launcher spec entries through a NUL byte.
 */
@RequiresRoot
class CopyAndLogIT {
    private static final String UP = "../../../../../../../../../../../..";
    @TempDir
    Path tmp;
    EscapeHarness h;
    Path hostDir;

    @BeforeEach
    void setUp() throws IOException {
        h = new EscapeHarness(tmp);
        hostDir = Files.createDirectories(tmp.resolve("hostdir"));
        Files.writeString(hostDir.resolve("keep"), "host-secret");
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        try (Stream<Path> s = Files.list(hostDir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("the host dir").containsExactly("keep");
        }
        assertThat(hostDir.resolve("keep")).hasContent("host-secret");
    }

    @Test
    void copyOutThroughAPlantedSymlinkReadsTheContainersFileNotTheHosts() {
        var spec = h.sh(h.image(), "echo inside > /keep; ln -s " + UP + hostDir + "/keep /rel; ln -s " + hostDir
                + "/keep /abs; ln -s /proc/1/root" + hostDir + " /viaproc; sleep 300");
        h.start(spec);
        awaitFile(spec.id(), "/viaproc");
        for (String path : List.of("/rel", "/abs")) {
            var out = new ByteArrayOutputStream();
            try {
                h.runtime.copy(spec.id()).copyOut(path, out);
                assertThat(tarText(out.toByteArray())).as(path).doesNotContain("host-secret");
            } catch (ContainerException e) {
                assertThat(e.kind()).as(path).isEqualTo(ContainerException.Kind.NOT_FOUND);
            }
        }
        assertThatThrownBy(() -> h.runtime.copy(spec.id()).copyOut("/viaproc/keep", new ByteArrayOutputStream()))
                .isInstanceOf(ContainerException.class);
    }

    @Test
    void copyInThroughPlantedSymlinksStaysInTheContainer() throws Exception {
        var spec = h.sh(h.image(), "mkdir /dst; ln -s " + UP + hostDir + " /dst/out; sleep 300");
        h.start(spec);
        awaitFile(spec.id(), "/dst/out");
        // a file through the planted link, and an archive that plants its own link first
        h.runtime.copy(spec.id()).copyIn("/dst", tar(List.of(file("out/planted1", "x"),
                symlink("link", UP + hostDir), file("link/planted2", "y"))));
        assertThat(h.exec(spec.id(), "ls -R /dst " + hostDir + " > /tmp/ls 2>&1")).isZero();
        assertThat(h.upperFile(spec.id(), "/tmp/ls")).contains("planted1", "planted2");
        assertThatThrownBy(() -> h.runtime.copy(spec.id()).copyIn("/dst", tar(List.of(file("../escape", "z")))))
                .isInstanceOf(ContainerException.class).hasMessageContaining("leaves the destination");
        // a destination that is the planted link is the container's directory of that name (the host's keep stays)
        h.runtime.copy(spec.id()).copyIn("/dst/out", tar(List.of(file("keep", "overwritten"))));
        assertThat(h.exec(spec.id(), "cat " + hostDir + "/keep > /tmp/keep")).isZero();
        assertThat(h.upperFile(spec.id(), "/tmp/keep")).isEqualTo("overwritten");
    }

    @Test
    void copyInToTheRootOfARunningContainerLandsInItsRootNotTheHosts() throws Exception {
        String name = "jc-root-copy-" + Long.toHexString(System.nanoTime());
        var spec = h.sh(h.image(), "mkdir /dst; ln -s / /dst/slash; ln -s " + UP + " /dst/up; sleep 300");
        h.start(spec);
        awaitFile(spec.id(), "/dst/up");
        // "/" of a running container is /proc/<pid>/root, a link: it is the container's root, the host's never
        for (String dest : List.of("/", "/dst/slash", "/dst/up", "/dst/..")) {
            h.runtime.copy(spec.id()).copyIn(dest, tar(List.of(file(name, dest), file("tmp/" + name, dest))));
            assertThat(Path.of("/", name)).as(dest).doesNotExist();
            assertThat(h.upperFile(spec.id(), "/" + name)).as(dest).isEqualTo(dest);
            assertThat(h.upperFile(spec.id(), "/tmp/" + name)).as(dest).isEqualTo(dest);
        }
        assertThatThrownBy(() -> h.runtime.copy(spec.id()).copyIn("/", tar(List.of(file("../" + name, "z")))))
                .isInstanceOf(ContainerException.class).hasMessageContaining("leaves the destination");
        assertThat(Path.of("/", name)).doesNotExist();
        var out = new ByteArrayOutputStream();
        h.runtime.copy(spec.id()).copyOut("/dst/up/" + name, out);
        assertThat(tarText(out.toByteArray())).contains("/dst/..");
    }

    @Test
    void aContainerCannotForgeLogRecords() {
        String forged = "{\"log\":\"forged\\n\",\"stream\":\"stderr\",\"time\":\"2000-01-01T00:00:00Z\"}";
        var spec = h.sh(h.image(), "printf '%s\\n' '" + forged + "'; printf 'a\\\\b\\tc\\033[31m\\001\\n'; printf '\\r\\n'");
        var r = h.run(spec);
        assertThat(r.exitCode()).isZero();
        List<LogEntry> entries = h.runtime.logs(spec.id()).read(LogQuery.all());
        assertThat(entries).extracting(LogEntry::stream).containsOnly("stdout");
        assertThat(entries).extracting(LogEntry::text).containsExactly(forged + "\n", "a\\b\tc\033[31m\001\n", "\r\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void anImageEnvWithANulByteCannotInjectLauncherSpecEntries() {
        var layers = h.image();
        var spec = h.spec(layers, List.of("sh", "-c", "grep CapEff /proc/self/status"));
        var evil = spec.withProcess(spec.process().withEnv(List.of("PATH=/bin", "A=x\0cap\0ALL\0seccomp\0000")));
        assertThatThrownBy(() -> h.run(evil)).hasMessageContaining("NUL byte");
        var evilArg = h.spec(layers, List.of("sh", "-c", "id\0cap\0ALL"));
        assertThatThrownBy(() -> h.run(evilArg)).hasMessageContaining("NUL byte");
        for (String id : List.of(evil.id(), evilArg.id())) {
            h.runtime.remove(id, true);
            assertThat(Path.of("/sys/fs/cgroup/pids/jcompose", id)).as("cgroup of the refused container").doesNotExist();
        }
    }

    private void awaitFile(String id, String path) {
        long deadline = System.nanoTime() + EscapeHarness.WAIT.toNanos();
        Path p = h.runtime.dir(id).dir().resolve("upper").resolve(path.substring(1));
        while (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not appear in container " + id);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private record Entry(TarArchiveEntry header, byte[] data) {}

    private static Entry file(String name, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0644);
        return new Entry(e, data);
    }

    private static Entry symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return new Entry(e, new byte[0]);
    }

    private static ByteArrayInputStream tar(List<Entry> entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                out.putArchiveEntry(e.header());
                out.write(e.data());
                out.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static String tarText(byte[] tar) {
        var text = new StringBuilder();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                text.append(e.getName()).append(' ').append(e.getLinkName()).append(' ')
                        .append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return text.toString();
    }
}
