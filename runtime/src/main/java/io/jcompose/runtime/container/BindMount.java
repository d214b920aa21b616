package io.jcompose.runtime.container;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host file or directory bound into the container.
 *
 * @param source      absolute host path (a named volume's directory is just another source)
 * @param target      absolute path inside the container; created (file or dir) if missing
 * @param readOnly    remounted read-only, submounts of a recursive bind included
 * @param recursive   rbind (Docker's default) rather than a plain bind
 * @param propagation propagation of the new mount
 * @param nosuid      no set-uid execution
 * @param nodev       no device access
 * @param noexec      no execution
 */
public record BindMount(Path source, String target, boolean readOnly, boolean recursive,
                        Propagation propagation, boolean nosuid, boolean nodev, boolean noexec)
        implements ContainerMount {
    public BindMount {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(propagation, "propagation");
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("bind source must be an absolute path: \"" + source + "\"");
        }
        ContainerMount.checkTarget(target);
    }

    /** A recursive, rprivate bind like {@code -v source:target[:ro]}. */
    public static BindMount of(Path source, String target, boolean readOnly) {
        return new BindMount(source, target, readOnly, true, Propagation.RPRIVATE, false, false, false);
    }

    /** The launcher's option list, e.g. "ro,rbind,rprivate". */
    public String options() {
        StringBuilder b = new StringBuilder(readOnly ? "ro" : "rw");
        b.append(recursive ? ",rbind" : ",bind").append(',').append(propagation.option());
        if (nosuid) {
            b.append(",nosuid");
        }
        if (nodev) {
            b.append(",nodev");
        }
        if (noexec) {
            b.append(",noexec");
        }
        return b.toString();
    }
}
