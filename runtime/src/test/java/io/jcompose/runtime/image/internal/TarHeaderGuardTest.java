package io.jcompose.runtime.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.runtime.image.ImageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarHeaderGuardTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "posix", "oldgnu"})
    void staysInStepWithGnuTarToTheEnd(String format) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 3; i++) {
            try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse" + i).toFile(), "rw")) {
                f.seek((i + 1) << 20);
                f.write(1);
            }
            Files.writeString(src.resolve("n".repeat(150) + i), "x".repeat(i * 700));
        }
        Path out = tmp.resolve("a.tar");
        Process tar = new ProcessBuilder("tar", "--format=" + format, "--sparse", "-C", src.toString(), "-cf",
                out.toString(), ".").redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();

        TarHeaderGuard guard = new TarHeaderGuard(Files.newInputStream(out), 1 << 20, "test");
        int entries = 0;
        TarArchiveInputStream in = new TarArchiveInputStream(guard);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            in.transferTo(OutputStream.nullOutputStream());
            entries++;
        }
        guard.transferTo(OutputStream.nullOutputStream());
        assertThat(entries).isEqualTo(7);
        assertThat(guard.headers()).isGreaterThanOrEqualTo(entries);
        assertThat(guard.reachedEnd()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void refusesHugeMetadataAfterOrdinaryEntries(int longFileMode) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String name : List.of("a", "b".repeat(200), "c".repeat(6000))) {
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(1000);
                tar.putArchiveEntry(e);
                tar.write(new byte[1000]);
                tar.closeArchiveEntry();
            }
        }
        TarHeaderGuard guard = new TarHeaderGuard(new ByteArrayInputStream(bytes.toByteArray()), 4096, "test");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            TarArchiveInputStream in = new TarArchiveInputStream(guard);
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                seen.add(e.getName());
            }
        }).isInstanceOf(ImageException.class).hasMessageContaining("tar metadata entry");
        assertThat(seen).hasSize(2);
    }

}
