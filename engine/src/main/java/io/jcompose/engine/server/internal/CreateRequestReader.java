package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HealthConfig;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.LogConfig;
import io.jcompose.engine.api.Mount;
import io.jcompose.engine.api.NetworkingConfig;
import io.jcompose.engine.api.RestartPolicy;
import io.jcompose.engine.api.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a create body and refuses what the engine would otherwise drop on the floor: a key the API values do
 * not model, with a value that is not Docker's zero value, is a 400 naming it ({@code HostConfig.CpuQuota}).
 * Clients send every field, mostly zero, so zeros ({@code 0}, {@code false}, {@code ""}, {@code null},
 * {@code []}, {@code {}}) of unknown keys pass.
 */
public final class CreateRequestReader {
    /** Keys that are harmless on Linux: Windows isolation, the cgroup namespace mode, deprecated mirrors. */
    private static final Set<String> TOLERATED = Set.of("HostConfig.Isolation",
            "HostConfig.CgroupnsMode", "MacAddress", "ArgsEscaped");
    /** Unknown keys whose value is the client's way of saying "unset". */
    private static final Map<String, String> UNSET = Map.of("HostConfig.OomScoreAdj", "0");
    private static final System.Logger LOG = System.getLogger("io.jcompose.engine.server");

    private CreateRequestReader() {}

    /** Validates and binds a create body. */
    public static ContainerCreate read(JsonNode body) {
        if (!body.isObject()) {
            throw new EngineException.BadRequest("container create: the body must be a JSON object");
        }
        ObjectNode wire = (ObjectNode) body;
        LOG.log(System.Logger.Level.DEBUG, "create body: {0}", wire);
        check(wire, ContainerConfig.class, "", Set.of("HostConfig", "NetworkingConfig"));
        JsonNode host = wire.get("HostConfig");
        if (host != null && host.isObject()) {
            check(host, HostConfig.class, "HostConfig.", Set.of());
            checkObjects(host.get("RestartPolicy"), RestartPolicy.class, "HostConfig.RestartPolicy.");
            checkObjects(host.get("LogConfig"), LogConfig.class, "HostConfig.LogConfig.");
            checkEach(host.get("Ulimits"), HostConfig.Ulimit.class, "HostConfig.Ulimits");
            checkEach(host.get("Devices"), HostConfig.DeviceMapping.class, "HostConfig.Devices");
            JsonNode mounts = host.get("Mounts");
            if (mounts != null && mounts.isArray()) {
                for (int i = 0; i < mounts.size(); i++) {
                    String p = "HostConfig.Mounts[" + i + "].";
                    check(mounts.get(i), Mount.class, p, Set.of());
                    checkObjects(mounts.get(i).get("BindOptions"), Mount.BindOptions.class, p + "BindOptions.");
                    checkObjects(mounts.get(i).get("TmpfsOptions"), Mount.TmpfsOptions.class, p + "TmpfsOptions.");
                }
            }
        }
        checkObjects(wire.get("Healthcheck"), HealthConfig.class, "Healthcheck.");
        JsonNode net = wire.get("NetworkingConfig");
        if (net != null && net.isObject()) {
            check(net, NetworkingConfig.class, "NetworkingConfig.", Set.of());
            JsonNode eps = net.get("EndpointsConfig");
            if (eps != null && eps.isObject()) {
                eps.fields().forEachRemaining(e -> checkObjects(e.getValue(), EndpointSettings.class,
                        "NetworkingConfig.EndpointsConfig." + e.getKey() + "."));
            }
        }
        return Json.createFromWire(wire);
    }

    private static void checkEach(JsonNode array, Class<?> type, String prefix) {
        if (array != null && array.isArray()) {
            for (int i = 0; i < array.size(); i++) {
                checkObjects(array.get(i), type, prefix + "[" + i + "].");
            }
        }
    }

    static void checkObjects(JsonNode node, Class<?> type, String prefix) {
        if (node != null && node.isObject()) {
            check(node, type, prefix, Set.of());
        }
    }

    static void check(JsonNode node, Class<?> type, String prefix, Set<String> extra) {
        Set<String> known = known(type);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (known.contains(key) || extra.contains(key) || TOLERATED.contains(prefix + key)
                    || e.getValue().asText().equals(UNSET.get(prefix + key))) {
                continue;
            }
            if (!isZero(e.getValue())) {
                throw new EngineException.BadRequest("unsupported field " + prefix + key + " (value "
                        + abbreviate(e.getValue().toString()) + "): the jcompose engine does not implement it");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static boolean isZero(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isBoolean()) {
            return !v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() == 0;
        }
        if (v.isTextual()) {
            return v.asText().isEmpty();
        }
        if (v.isContainerNode()) {
            for (JsonNode child : v) {
                if (!isZero(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Set<String> known(Class<?> type) {
        ObjectMapper m = Json.api();
        BeanDescription d = m.getDeserializationConfig().introspect(m.constructType(type));
        Set<String> names = new TreeSet<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            names.add(p.getName());
        }
        return names;
    }
}
