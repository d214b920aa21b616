package io.jcompose.runtime.container;

import java.util.Set;

/**
 * One rlimit (HostConfig.Ulimits): lowered only, never above the hard limit the engine has.
 *
 * @param name Docker's name: nofile, nproc, core, memlock, stack, ...
 * @param soft soft limit, -1 = unlimited
 * @param hard hard limit, -1 = unlimited
 */
public record Ulimit(String name, long soft, long hard) {
    private static final Set<String> NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "as");

    public Ulimit {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown ulimit \"" + name + "\"");
        }
        if (hard != -1 && (soft == -1 || soft > hard)) {
            throw new IllegalArgumentException("ulimit \"" + name + "\": soft limit " + soft
                    + " is above the hard limit " + hard);
        }
    }
}
