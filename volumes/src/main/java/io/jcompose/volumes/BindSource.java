package io.jcompose.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Prepares the host side of a bind mount. {@code -v SRC:DST} creates a missing {@code SRC} as a directory
 * (Docker's behaviour); {@code --mount type=bind} requires it to exist. A named volume will be just another
 * source directory handed to the same mount code.
 */
public final class BindSource {
    private BindSource() {}

    /**
     * Checks (and, when {@code createMissing}, creates) the source; returns it as the absolute, normalised
     * path to mount.
     *
     * @throws IllegalArgumentException naming the path when it is not absolute, or missing and not to be created
     * @throws IOException when creating it fails (the message carries the OS error)
     */
    public static Path prepare(String source, boolean createMissing) throws IOException {
        Path p = Path.of(source);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("bind source path must be absolute: \"" + source + "\"");
        }
        p = p.normalize();
        if (Files.exists(p)) {
            return p;
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("bind source path is a dangling symbolic link: \"" + source + "\"");
        }
        if (!createMissing) {
            throw new IllegalArgumentException("bind source path does not exist: " + source);
        }
        Files.createDirectories(p);
        return p;
    }
}
