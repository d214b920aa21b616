package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.container.DeviceNode;
import io.jcompose.runtime.container.DeviceRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code HostConfig.Devices} to the runtime's device nodes, {@code DeviceCgroupRules} to its rules: each host path is stat'ed (following links, as
 * Docker does) for its type, numbers, mode and owner; a directory gives every device node under it, at the
 * same place under the container path. A host path that is not a device node is a 400 naming it.
 */
final class DeviceMappings {
    private static final Pattern PERMISSIONS = Pattern.compile("(?!.*(.).*\\1)[rwm]{1,3}");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private DeviceMappings() {}

    static List<DeviceNode> translate(HostConfig h) {
        List<DeviceNode> out = new ArrayList<>();
        for (HostConfig.DeviceMapping d : h.devices()) {
            String perms = d.cgroupPermissions().isEmpty() ? "rwm" : d.cgroupPermissions();
            if (!PERMISSIONS.matcher(perms).matches()) {
                throw new EngineException.BadRequest("invalid device mode \"" + perms + "\" for " + d.pathOnHost()
                        + ": a combination of r, w and m");
            }
            String inside = d.pathInContainer().isEmpty() ? d.pathOnHost() : d.pathInContainer();
            Path host = Path.of(d.pathOnHost());
            if (d.pathOnHost().isEmpty() || !host.isAbsolute()) {
                throw new EngineException.BadRequest("HostConfig.Devices: the host path must be absolute: \""
                        + d.pathOnHost() + "\"");
            }
            if (Files.isDirectory(host)) {
                out.addAll(under(host, inside, perms));
                continue;
            }
            out.add(node(host, inside, perms).orElseThrow(() -> new EngineException.BadRequest(
                    "error gathering device information while adding custom device \"" + d.pathOnHost()
                            + "\": not a device node")));
        }
        return out;
    }

    /** {@code HostConfig.DeviceCgroupRules} ({@code --device-cgroup-rule 'c 10:* rw'}); a malformed one is a 400. */
    static List<DeviceRule> rules(HostConfig h) {
        List<DeviceRule> out = new ArrayList<>();
        for (String r : h.deviceCgroupRules()) {
            try {
                out.add(DeviceRule.parse(r));
            } catch (IllegalArgumentException e) {
                throw new EngineException.BadRequest(e.getMessage());
            }
        }
        return out;
    }

    private static List<DeviceNode> under(Path dir, String inside, String perms) {
        List<DeviceNode> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isDirectory(p)) {
                    String rel = dir.relativize(p).toString();
                    node(p, inside.replaceAll("/+$", "") + "/" + rel, perms).ifPresent(out::add);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EngineException.BadRequest("error gathering device information while adding custom devices in \""
                    + dir + "\": " + e.getMessage());
        }
        return out;
    }

    private static java.util.Optional<DeviceNode> node(Path host, String inside, String perms) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(host, "unix:mode,rdev,uid,gid");
        } catch (IOException e) {
            throw new EngineException.BadRequest("error gathering device information while adding custom device \""
                    + host + "\": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e.getMessage()));
        }
        int mode = (Integer) a.get("mode");
        int type = mode & S_IFMT;
        if (type != S_IFCHR && type != S_IFBLK) {
            return java.util.Optional.empty();
        }
        long rdev = (Long) a.get("rdev");
        // glibc's gnu_dev_major/minor: the 32-bit numbers split across the 64-bit dev_t
        int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        try {
            return java.util.Optional.of(new DeviceNode(inside, type == S_IFCHR ? "c" : "b", major, minor, mode,
                    (Integer) a.get("uid"), (Integer) a.get("gid"), perms));
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest("HostConfig.Devices: " + e.getMessage());
        }
    }
}
