package io.jcompose.runtime.image.internal;

import io.jcompose.runtime.image.OverlayMarks;
import io.jcompose.runtime.image.TreeTar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An overlayfs upper directory as an OCI layer tar, as moby's overlay whiteout converter writes it: a whiteout
 * (char device 0/0) becomes an empty {@code .wh.NAME} file (mode 0600), an opaque directory
 * ({@code trusted.overlay.opaque=y}) is followed by its {@code .wh..wh..opq} marker; everything else keeps its type,
 * mode, owner and mtime (whole seconds); hard links within the directory stay hard links. Names are relative
 * without a leading slash, in name order. Paths in {@code excluded} (relative, for example {@code etc/hosts})
 * are left out with everything beneath them: mount points the runtime made, which Docker keeps in its init layer.
 */
public final class UpperDirTar {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Predicate<Path> whiteout;
    private final Predicate<Path> opaque;
    private final Set<String> excluded;
    private TreeTar tar;

    /** A writer that tells whiteouts and opaque directories by the given tests (unit tests mark them by path). */
    public UpperDirTar(Predicate<Path> whiteout, Predicate<Path> opaque, Set<String> excluded) {
        this.whiteout = whiteout;
        this.opaque = opaque;
        this.excluded = Set.copyOf(excluded);
    }

    /** A writer that reads overlayfs's own marks. */
    public static UpperDirTar overlay(Set<String> excluded) {
        return new UpperDirTar(OverlayMarks::isWhiteout, OverlayMarks::isOpaque, excluded);
    }

    /** Writes the layer tar of {@code upper} to {@code out} (finished, not closed). */
    public void write(Path upper, OutputStream out) throws IOException {
        tar = new TreeTar(out);
        directory(upper, "");
        tar.finish();
    }

    private void directory(Path upper, String rel) throws IOException {
        Path dir = rel.isEmpty() ? upper : upper.resolve(rel);
        for (String name : TreeTar.names(dir)) {
            String path = rel + name;
            if (excluded.contains(path)) {
                continue;
            }
            Path p = dir.resolve(name);
            Map<String, Object> a = TreeTar.lstat(p);
            if (a == null) {
                continue;
            }
            if (whiteout.test(p)) {
                TarArchiveEntry e = TreeTar.header(rel + WHITEOUT + name, TarConstants.LF_NORMAL, a);
                e.setMode(0600);
                tar.put(e);
            } else if (TreeTar.type(a) == TreeTar.S_IFDIR) {
                tar.directory(path, a);
                if (opaque.test(p)) {
                    TarArchiveEntry e = TreeTar.header(path + "/" + OPAQUE, TarConstants.LF_NORMAL, a);
                    e.setMode((Integer) a.get("mode") & 0777);
                    tar.put(e);
                }
                directory(upper, path + "/");
            } else {
                tar.file(p, path, a, "");
            }
        }
    }
}
