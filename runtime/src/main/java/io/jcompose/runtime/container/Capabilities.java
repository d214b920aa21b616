package io.jcompose.runtime.container;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Docker's default capability set and the cap_add / cap_drop / privileged arithmetic. */
public final class Capabilities {
    /** Docker's default set (moby oci/caps/defaults.go), without the CAP_ prefix. */
    public static final List<String> DEFAULT = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
            "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
            "AUDIT_WRITE");

    /** Every capability name the launcher knows (Linux 5.9+). */
    public static final Set<String> KNOWN = Set.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG",
            "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    private Capabilities() {}

    /**
     * The set the container gets: ["ALL"] when privileged, else default + add - drop, where
     * "ALL" in add means every capability and "ALL" in drop starts from nothing. Sorted.
     *
     * @throws IllegalArgumentException naming an unknown capability
     */
    public static List<String> effective(List<String> add, List<String> drop, boolean privileged) {
        if (privileged) {
            return List.of("ALL");
        }
        Set<String> adds = normalize(add);
        Set<String> drops = normalize(drop);
        Set<String> result = new TreeSet<>(drops.contains("ALL") ? Set.of() : Set.copyOf(DEFAULT));
        if (adds.contains("ALL")) {
            result.addAll(KNOWN);
        } else {
            result.addAll(adds);
        }
        if (!drops.contains("ALL")) {
            result.removeAll(drops);
        }
        return List.copyOf(result);
    }

    private static Set<String> normalize(List<String> caps) {
        Set<String> out = new TreeSet<>();
        for (String c : caps) {
            String n = c.trim().toUpperCase(Locale.ROOT);
            n = n.startsWith("CAP_") ? n.substring(4) : n;
            if (!n.equals("ALL") && !KNOWN.contains(n)) {
                throw new IllegalArgumentException("unknown capability: \"" + c + "\"");
            }
            out.add(n);
        }
        return out;
    }
}
