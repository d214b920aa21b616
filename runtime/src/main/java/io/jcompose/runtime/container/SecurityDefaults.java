package io.jcompose.runtime.container;

import java.util.List;
import java.util.Map;

/** Docker's default masked and read-only paths, and which sysctls a container may set. */
public final class SecurityDefaults {
    /** Hidden from the container (moby oci/defaults.go); a directory gets an empty read-only tmpfs. */
    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Read-only in the container. */
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");

    private static final List<String> NAMESPACED_PREFIXES = List.of("kernel.msg", "kernel.shm", "fs.mqueue.", "net.");
    private static final List<String> NAMESPACED_KEYS = List.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private SecurityDefaults() {}

    /**
     * Checks that every sysctl is namespaced (IPC keys, fs.mqueue.*, net.* unless the host
     * network is shared), as Docker does; anything else would change the host.
     *
     * @throws IllegalArgumentException naming the first key that is not allowed
     */
    public static void checkSysctls(Map<String, String> sysctls, boolean hostNetwork) {
        for (var e : sysctls.entrySet()) {
            String k = e.getKey();
            boolean ok = NAMESPACED_KEYS.contains(k) || NAMESPACED_PREFIXES.stream().anyMatch(k::startsWith);
            if (!ok || k.contains("..") || k.contains("/")) {
                throw new IllegalArgumentException("sysctl \"" + k + "\" is not allowed: it is not namespaced");
            }
            if (hostNetwork && k.startsWith("net.")) {
                throw new IllegalArgumentException("sysctl \"" + k + "\" is not allowed with the host network");
            }
            if (e.getValue().indexOf('\0') >= 0 || e.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("sysctl \"" + k + "\": invalid value");
            }
        }
    }
}
