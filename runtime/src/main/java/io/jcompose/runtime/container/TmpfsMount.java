package io.jcompose.runtime.container;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A fresh tmpfs in the container (HostConfig.Tmpfs, --mount type=tmpfs). Docker mounts them
 * nosuid, nodev and noexec unless "exec" is asked for.
 *
 * @param target    absolute path inside the container
 * @param sizeBytes size limit; empty = the kernel's default (half of RAM)
 * @param mode      permission bits of the root, e.g. 01777; empty = 1777
 * @param readOnly  read-only
 * @param noexec    no execution (default true)
 * @param nosuid    no set-uid execution (default true)
 * @param nodev     no device access (default true)
 */
public record TmpfsMount(String target, OptionalLong sizeBytes, OptionalInt mode, boolean readOnly,
                         boolean noexec, boolean nosuid, boolean nodev) implements ContainerMount {
    public TmpfsMount {
        ContainerMount.checkTarget(target);
        if (sizeBytes.isPresent() && sizeBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("tmpfs size must not be negative: " + sizeBytes.getAsLong());
        }
        if (mode.isPresent() && (mode.getAsInt() < 0 || mode.getAsInt() > 07777)) {
            throw new IllegalArgumentException("tmpfs mode out of range: " + Integer.toOctalString(mode.getAsInt()));
        }
    }

    /** Docker's default tmpfs at target: nosuid, nodev, noexec, no size limit. */
    public static TmpfsMount of(String target) {
        return new TmpfsMount(target, OptionalLong.empty(), OptionalInt.empty(), false, true, true, true);
    }

    /** A copy with a size limit. */
    public TmpfsMount withSize(long bytes) {
        return new TmpfsMount(target, OptionalLong.of(bytes), mode, readOnly, noexec, nosuid, nodev);
    }

    /** The launcher's option list. */
    public String options() {
        StringBuilder b = new StringBuilder(readOnly ? "ro" : "rw");
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

    /** The tmpfs data string, e.g. "mode=1777,size=4194304". */
    public String data() {
        String m = "mode=" + Integer.toOctalString(mode.orElse(01777));
        return sizeBytes.isPresent() ? m + ",size=" + sizeBytes.getAsLong() : m;
    }
}
