package io.jcompose.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Network instances (the two letters naming an engine's bridges, veths and chains) for test engines. An
 * engine that opens removes the links of its instance it does not know, so two test engines that share an
 * instance on one host break each other's containers ("attaching eth0 … Device does not exist"): pick among
 * all 676, skipping the default, the network ITs' fixed one and any instance whose links exist now.
 */
public final class NetworkInstances {
    private static final Set<String> RESERVED = Set.of("jc", "jt");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NetworkInstances() {}

    /** A random instance that no link on this host uses at the moment. */
    public static String unused() {
        for (int attempt = 0; attempt < 100; attempt++) {
            String candidate = "" + letter() + letter();
            if (!RESERVED.contains(candidate) && !inUse(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no unused network instance found in 100 tries");
    }

    private static char letter() {
        return (char) ('a' + RANDOM.nextInt(26));
    }

    private static boolean inUse(String instance) {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            // bridges are "<instance>-…", host veths "<instance>v…" (network module, Networking)
            return links.map(l -> l.getFileName().toString())
                    .anyMatch(n -> n.startsWith(instance + "-") || n.startsWith(instance + "v"));
        } catch (IOException e) {
            return false; // no sysfs: nothing to collide with
        }
    }
}
