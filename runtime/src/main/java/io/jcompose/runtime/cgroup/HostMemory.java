package io.jcompose.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's physical memory, which docker stats reports as the limit of an unlimited group. */
final class HostMemory {
    private HostMemory() {}

    /** MemTotal of /proc/meminfo in bytes; {@link Long#MAX_VALUE} when it cannot be read. */
    static long totalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: no better figure than "unlimited"
        }
        return Long.MAX_VALUE;
    }
}
