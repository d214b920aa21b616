package io.jcompose.engine.local;

import io.jcompose.engine.api.Network;
import io.jcompose.engine.api.SystemInfo;
import io.jcompose.engine.api.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code /version}, {@code /info} and the predefined networks, from the host's facts. */
final class SystemViews {
    private SystemViews() {}

    /**
     * The Docker release whose API the engine speaks (API 1.44 is Docker 25.0): clients compare
     * {@code Version} as a Docker release number (Testcontainers requires at least 1.6.0).
     */
    static final String DOCKER_COMPATIBLE_VERSION = "25.0.0";

    static VersionInfo version() {
        String kernel = System.getProperty("os.version", "");
        Map<String, String> details = Map.of("ApiVersion", "1.44", "MinAPIVersion", "1.24", "Os", "linux",
                "Arch", "amd64", "KernelVersion", kernel, "Experimental", "false");
        String java = "java " + System.getProperty("java.version", "");
        return new VersionInfo(new VersionInfo.Platform("jcompose engine " + LocalEngine.VERSION),
                List.of(new VersionInfo.Component("Engine", DOCKER_COMPATIBLE_VERSION, details),
                        new VersionInfo.Component("jcompose", LocalEngine.VERSION, Map.of("Runtime", java))),
                DOCKER_COMPATIBLE_VERSION, "1.44", "1.24", "", java, "linux", "amd64", kernel, "");
    }

    static SystemInfo info(int containers, int running, int paused, int images, Path root, String cgroupVersion) {
        return new SystemInfo(hostId(root), containers, running, paused, containers - running - paused, images,
                "overlayfs", true, false, System.getProperty("os.version", ""), osName(), "linux", "x86_64",
                Runtime.getRuntime().availableProcessors(), memTotal(), hostname(), DOCKER_COMPATIBLE_VERSION,
                root.toString(), "cgroupfs", cgroupVersion.replace("v", ""), "json-file",
                List.of("name=seccomp,profile=builtin"), List.of(),
                new SystemInfo.Plugins(List.of("local"), List.of("bridge", "host", "null"), List.of("json-file")),
                SystemInfo.Swarm.INACTIVE);
    }

    private static String hostId(Path root) {
        return Integer.toHexString(root.toAbsolutePath().toString().hashCode());
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not every host has it
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** bridge, host and none, as Docker always has them. */
    static List<Network> predefinedNetworks() {
        return List.of(net("bridge", "bridge"), net("host", "host"), net("none", "null"));
    }

    /** The id is a digest of the name: stable across restarts, and unique in its first 12 digits as ls shows it. */
    private static Network net(String name, String driver) {
        String id;
        try {
            id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("jcompose network " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return new Network(name, id, "", "local", driver, false, null, false, false, Map.of(), Map.of(), Map.of());
    }
}
