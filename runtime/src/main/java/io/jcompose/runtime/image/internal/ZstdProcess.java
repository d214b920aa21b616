package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decompresses a zstd stream with the system's {@code zstd} program (Debian package
 * {@code zstd}): the JVM has no zstd decoder and the pure-Java ones are not on the class path.
 * A daemon thread feeds the compressed bytes in; the end of the output checks the exit status.
 */
final class ZstdProcess extends FilterInputStream {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/zstd"), Path.of("/bin/zstd"));

    private final Process process;
    private final Thread feeder;
    private final String layer;
    private volatile IOException feedError;

    private ZstdProcess(Process process, InputStream compressed, String layer) {
        super(process.getInputStream());
        this.process = process;
        this.layer = layer;
        this.feeder = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                compressed.transferTo(stdin);
            } catch (IOException e) {
                feedError = e;
            }
        }, "zstd-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** The decompressed stream of {@code compressed}, or a clear error when {@code zstd} is not installed. */
    static InputStream open(InputStream compressed, String layer) throws IOException {
        Path zstd = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new ImageException(Reason.INVALID, "layer " + layer
                        + " is zstd-compressed: install the zstd program (apt-get install zstd) to load it"));
        Process p = new ProcessBuilder(zstd.toString(), "-d", "-c", "-q", "--no-progress")
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        return new ZstdProcess(p, compressed, layer);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            finish();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            finish();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        super.close();
    }

    private void finish() throws IOException {
        try {
            feeder.join(TimeUnit.SECONDS.toMillis(30));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("zstd did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for zstd", e);
        }
        if (feedError != null) {
            throw feedError;
        }
        if (process.exitValue() != 0) {
            String err = new String(process.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).trim();
            throw new java.io.EOFException("zstd: " + (err.isEmpty() ? "exit status " + process.exitValue() : err)
                    + " (layer " + layer + ")");
        }
    }
}
