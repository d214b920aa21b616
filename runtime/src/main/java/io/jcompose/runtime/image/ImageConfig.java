package io.jcompose.runtime.image;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parts of an image's config that decide how its containers run. Lists are empty when the
 * image does not set them; {@code env} keeps the image's order ({@code KEY=VALUE}).
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                          String user, SortedSet<String> exposedPorts, SortedSet<String> volumes,
                          Map<String, String> labels, Optional<String> stopSignal,
                          Optional<Healthcheck> healthcheck, String architecture, String os,
                          Optional<Instant> created) {
    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        exposedPorts = Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
        volumes = Collections.unmodifiableSortedSet(new TreeSet<>(volumes));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The image's environment as a map (later duplicates win, like Docker). */
    public Map<String, String> envMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            map.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return Collections.unmodifiableMap(map);
    }
}
