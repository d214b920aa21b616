package io.jcompose.runtime.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcompose.engine.api.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * JSON state files, written atomically (temporary file, fsync, rename, fsync of the directory)
 * so a crash leaves either the old or the new content, never a torn file.
 */
public final class StateFiles {
    private static final ObjectMapper JSON = Json.state();

    private StateFiles() {}

    /** Writes value as snake_case JSON to file, atomically. */
    public static void write(Path file, Object value) {
        try {
            writeBytes(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes value to a file of a directory that is published later by an atomic rename (a new container's
     * files): no temporary file, no fsync. A killed process cannot tear it; after a machine crash it may be
     * empty, which the reader of that directory must treat as never published.
     */
    public static void writeNew(Path file, Object value) {
        try {
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes bytes to file atomically. */
    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system of " + dir + " cannot rename atomically", e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems refuse fsync on directories; the rename is still atomic
        }
    }

    /** Reads file as type, or empty when it does not exist. */
    public static <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
