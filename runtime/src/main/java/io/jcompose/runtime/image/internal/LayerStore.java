package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import io.jcompose.runtime.image.StoreLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipException;

/**
 * Layer blobs ({@code blobs/sha256/<diff-hex>}, the uncompressed tar, so its digest is the diff
 * id) and their snapshots ({@code snapshots/<diff-hex>/fs}, unpacked once, shared by every image).
 * A layer is unpacked into {@code tmp/}, checked against its digests and only then renamed into
 * place, so a snapshot directory that exists is complete. One lock per diff id makes two loads
 * of the same layer wait for each other instead of both unpacking it.
 */
public final class LayerStore {

    private static final System.Logger LOG = System.getLogger(LayerStore.class.getName());

    /** Largest PAX or GNU long-name entry accepted; real ones are a few hundred bytes. */
    private static final long MAX_TAR_METADATA = 1 << 20;

    private final Path blobs;
    private final Path snapshots;
    private final Path tmp;
    private final LayerUnpacker unpacker;
    private final StoreLimits limits;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public LayerStore(Path root, NativeFs fs, StoreLimits limits) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs/sha256"));
        this.snapshots = Files.createDirectories(root.resolve("snapshots"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.unpacker = new LayerUnpacker(fs, limits);
        this.limits = limits;
    }

    /** Whether the layer is stored (blob and complete snapshot). */
    public boolean has(String diffId) {
        return Files.isDirectory(snapshot(diffId)) && Files.isRegularFile(blob(diffId));
    }

    /** The unpacked root of a layer, for overlayfs {@code lowerdir}. */
    public Path rootfs(String diffId) {
        return snapshot(diffId).resolve("fs");
    }

    /** The stored blob with this digest (a layer tar or a config). */
    public Path blob(String digest) {
        return blobs.resolve(Digests.hex(digest));
    }

    /** Bytes of file content in a layer's snapshot. */
    public long size(String diffId) {
        try {
            return Long.parseLong(Files.readString(snapshot(diffId).resolve("size")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Stores a layer from its archive blob, or, when it is stored already, reads the blob
     * through to check it; either way both digests are verified. Returns whether it was new.
     */
    public boolean put(InputStream blob, Optional<String> blobDigest, String diffId) {
        synchronized (locks.computeIfAbsent(diffId, k -> new Object())) {
            Path staging = null;
            MessageDigest compressed = Digests.sha256();
            MessageDigest diff = Digests.sha256();
            InputStream counted = new DigestInputStream(blob, compressed);
            try (InputStream raw = blob; InputStream plain = Decompression.open(counted, diffId)) {
                boolean exists = has(diffId);
                InputStream tar = new DigestInputStream(new BoundedInputStream(plain,
                        limits.maxLayerBytes(), "layer " + diffId), diff);
                if (exists) {
                    tar.transferTo(OutputStream.nullOutputStream());
                } else {
                    staging = Files.createTempDirectory(tmp, "layer-");
                    Path fs = Files.createDirectory(staging.resolve("fs"));
                    LayerUnpacker.Result result;
                    try (OutputStream copy = Files.newOutputStream(staging.resolve("blob"))) {
                        InputStream tee = new TarHeaderGuard(new Tee(tar, copy), MAX_TAR_METADATA, diffId);
                        result = unpacker.unpack(tee, fs, diffId);
                        tee.transferTo(OutputStream.nullOutputStream());
                    }
                    result.notes().forEach(n -> LOG.log(Level.WARNING, "layer " + diffId + ": " + n));
                    Files.writeString(staging.resolve("size"), Long.toString(result.size()), StandardCharsets.US_ASCII);
                }
                counted.transferTo(OutputStream.nullOutputStream()); // trailing bytes count for the blob digest
                check(diffId, "diff id", Digests.format(diff.digest()));
                if (blobDigest.isPresent()) {
                    check(blobDigest.get(), "blob digest", Digests.format(compressed.digest()));
                }
                if (!exists) {
                    AtomicFiles.move(staging.resolve("blob"), blob(diffId));
                    Files.move(staging, snapshot(diffId), StandardCopyOption.ATOMIC_MOVE);
                    staging = null;
                }
                return !exists;
            } catch (EOFException | ZipException e) {
                throw new ImageException(Reason.INVALID, "layer " + diffId + " is truncated or corrupt: " + e.getMessage(), e);
            } catch (FileSystemException e) {
                throw new ImageException(Reason.HOST, "layer " + diffId + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ImageException(Reason.INVALID, "layer " + diffId + " cannot be unpacked: " + e.getMessage(), e);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ImageException(Reason.INVALID, "layer " + diffId + ": invalid path in an entry: " + e.getMessage(), e);
            } catch (NativeFsException e) {
                throw new ImageException(Reason.HOST, "layer " + diffId + ": " + e.getMessage(), e);
            } finally {
                if (staging != null) {
                    delete(staging);
                }
            }
        }
    }

    /** Deletes a layer's snapshot and blob. */
    public void remove(String diffId) {
        synchronized (locks.computeIfAbsent(diffId, k -> new Object())) {
            Path snapshot = snapshot(diffId);
            if (Files.exists(snapshot)) {
                try {
                    // rename first, so a crash mid-delete never leaves a half snapshot under its real name
                    Path doomed = tmp.resolve("removed-" + Digests.hex(diffId) + "-" + System.nanoTime());
                    Files.move(snapshot, doomed, StandardCopyOption.ATOMIC_MOVE);
                    delete(doomed);
                } catch (IOException e) {
                    throw new ImageException(Reason.HOST, "cannot remove layer " + diffId + ": " + e.getMessage(), e);
                }
            }
            try {
                Files.deleteIfExists(blob(diffId));
            } catch (IOException e) {
                throw new ImageException(Reason.HOST, "cannot remove blob " + diffId + ": " + e.getMessage(), e);
            }
        }
    }

    /** Clears {@code tmp/} of what an interrupted load or remove left behind. */
    public void cleanTemp() throws IOException {
        try (var list = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                delete(p);
            }
        }
    }

    private Path snapshot(String diffId) {
        return snapshots.resolve(Digests.hex(diffId));
    }

    private void check(String expected, String what, String actual) {
        if (!expected.equals(actual)) {
            throw new ImageException(Reason.INVALID, "layer " + expected + ": " + what + " mismatch, content is " + actual);
        }
    }

    private static void delete(Path p) {
        try {
            LayerUnpacker.removeExisting(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + p + ": " + e.getMessage());
        }
    }

    /** Copies everything read to {@code out}. */
    private static final class Tee extends ObservingInputStream {
        private final OutputStream out;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        protected void observe(byte[] b, int off, int n) throws IOException {
            out.write(b, off, n);
        }
    }
}
