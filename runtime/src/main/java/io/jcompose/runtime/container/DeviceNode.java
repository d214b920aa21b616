package io.jcompose.runtime.container;

import java.util.regex.Pattern;

/**
 * A host device given to a container ({@code docker run --device}): the node made in its {@code /dev}, and the
 * accesses the device cgroup allows on it.
 *
 * @param path        where the node goes, under /dev
 * @param type        "c" (character) or "b" (block)
 * @param major       the host node's major number
 * @param minor       the host node's minor number
 * @param fileMode    the node's permission bits (the host node's)
 * @param uid         the node's owner (the host node's)
 * @param gid         the node's group (the host node's)
 * @param permissions what the cgroup allows: a non-empty subset of "rwm"
 */
public record DeviceNode(String path, String type, int major, int minor, int fileMode, int uid, int gid,
                         String permissions) {
    private static final Pattern PERMISSIONS = Pattern.compile("(?!.*(.).*\\1)[rwm]{1,3}");

    public DeviceNode {
        if (!path.startsWith("/dev/") || path.endsWith("/") || path.contains("//") || path.contains("\0")
                || java.util.Arrays.asList(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("device path in the container must be a file under /dev: \"" + path + "\"");
        }
        if (!type.equals("c") && !type.equals("b")) {
            throw new IllegalArgumentException("device " + path + ": type must be c or b, not \"" + type + "\"");
        }
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("device " + path + ": invalid number " + major + ":" + minor);
        }
        if (!PERMISSIONS.matcher(permissions).matches()) {
            throw new IllegalArgumentException("device " + path + ": invalid cgroup permissions \"" + permissions
                    + "\" (a combination of r, w and m)");
        }
        fileMode &= 07777;
    }
}
