package io.jcompose.runtime.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** An archive unpacked in a directory (an OCI layout directory); paths may not leave it. */
public final class DirectoryArchiveSource implements ArchiveSource {

    private final Path dir;

    public DirectoryArchiveSource(Path dir) throws IOException {
        this.dir = dir.toRealPath();
    }

    @Override
    public Optional<InputStream> open(String path) throws IOException {
        Optional<java.util.List<String>> parts = RootfsPath.clean(path);
        if (parts.isEmpty() || parts.get().isEmpty()) {
            return Optional.empty();
        }
        Path p = dir.resolve(String.join("/", parts.get()));
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (!p.toRealPath().startsWith(dir)) {
            return Optional.empty();
        }
        return Optional.of(Files.newInputStream(p));
    }

    @Override
    public void close() {}
}
