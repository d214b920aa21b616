package io.jcompose.model;

import io.jcompose.model.internal.render.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration hash of a service, as Docker Compose computes it for the
 * {@code com.docker.compose.config-hash} label: SHA-256 of the service's JSON without what does
 * not change a container (build, pull_policy, scale, deploy.replicas, depends_on, profiles).
 */
public final class ConfigHash {
    private ConfigHash() {}

    /** The hex digest for {@code service}. */
    public static String of(ServiceSpec service) {
        Map<String, Value> m = new LinkedHashMap<>(service.attributes().entries());
        for (String k : new String[] {"build", "pull_policy", "scale", "depends_on", "profiles"}) {
            m.remove(k);
        }
        if (m.get("deploy") instanceof Value.Dict deploy) {
            Map<String, Value> d = new LinkedHashMap<>(deploy.entries());
            d.remove("replicas");
            m.put("deploy", new Value.Dict(d, true));
        }
        String json = JsonWriter.writeCompact(new Value.Dict(m, true));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
