package io.jcompose.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code X-Docker-Container-Path-Stat} says about a path in a container: name, size, Go's {@code FileMode}
 * bits (directory = 1<<31, symlink = 1<<27), mtime (RFC 3339) and the link target.
 */
public record PathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                       @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                       @JsonProperty("linkTarget") String linkTarget) {
    /** Go's os.ModeDir. */
    public static final long MODE_DIR = 1L << 31;
    /** Go's os.ModeSymlink. */
    public static final long MODE_SYMLINK = 1L << 27;

    public PathStat {
        name = Defaults.str(name);
        mtime = Defaults.str(mtime);
        linkTarget = Defaults.str(linkTarget);
    }

    public boolean isDirectory() {
        return (mode & MODE_DIR) != 0;
    }
}
