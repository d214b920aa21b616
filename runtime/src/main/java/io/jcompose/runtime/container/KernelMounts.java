package io.jcompose.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel file systems (proc, sysfs, devpts, cgroup ...) mounted inside a running container,
 * as container paths. docker cp never copies their content: Docker reads the container's root
 * file system, where /proc and /sys are empty directories, while /proc/&lt;pid&gt;/root shows the live
 * mounts (and /proc/kcore alone is as large as the address space).
 */
final class KernelMounts {
    private static final Set<String> TYPES = Set.of("autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs",
            "debugfs", "devpts", "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "pstore", "securityfs",
            "selinuxfs", "sysfs", "tracefs");

    private KernelMounts() {}

    /** The mount points of kernel file systems in {@code mountinfo} (see proc(5), /proc/pid/mountinfo). */
    static Set<String> of(Path mountinfo) throws IOException {
        Set<String> points = new TreeSet<>();
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length > 4 && dash > 0 && dash + 1 < f.length && TYPES.contains(f[dash + 1])) {
                points.add(unescape(f[4]));
            }
        }
        return points;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
