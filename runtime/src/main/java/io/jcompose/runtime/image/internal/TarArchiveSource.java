package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * An archive in a tar file, read with random access. Symlinks and hard links between archive
 * files (Docker writes {@code layer.tar} symlinks for shared layers) are resolved by name
 * inside the archive, never on disk.
 */
public final class TarArchiveSource implements ArchiveSource {

    private static final int MAX_HOPS = 16;

    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    private TarArchiveSource(TarFile tar) {
        this.tar = tar;
        for (TarArchiveEntry e : tar.getEntries()) {
            RootfsPath.clean(e.getName()).ifPresent(parts -> entries.put(String.join("/", parts), e));
        }
    }

    /** Opens the tar file {@code file}. */
    public static TarArchiveSource open(Path file) {
        try {
            return new TarArchiveSource(new TarFile(file));
        } catch (IOException | RuntimeException e) {
            throw new ImageException(Reason.INVALID, "not a tar archive or truncated: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InputStream> open(String path) throws IOException {
        Optional<String> name = RootfsPath.clean(path).map(p -> String.join("/", p));
        for (int hop = 0; hop < MAX_HOPS && name.isPresent(); hop++) {
            TarArchiveEntry e = entries.get(name.get());
            if (e == null) {
                return Optional.empty();
            }
            if (e.isSymbolicLink()) {
                String target = e.getLinkName();
                String dir = name.get().contains("/") ? name.get().substring(0, name.get().lastIndexOf('/') + 1) : "";
                name = RootfsPath.clean(target.startsWith("/") ? target : dir + target).map(p -> String.join("/", p));
            } else if (e.isLink()) {
                name = RootfsPath.clean(e.getLinkName()).map(p -> String.join("/", p));
            } else if (e.isFile() && !e.isDirectory()) { // isFile() is also true for symlinks: test those first
                return Optional.of(tar.getInputStream(e));
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The names of the regular files in the archive (for error messages). */
    List<String> names() {
        return entries.keySet().stream().sorted().toList();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
