package io.jcompose.engine.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.NetworkingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds {@link ObjectMapper}s. {@link #api()} speaks the Docker Engine API (PascalCase keys,
 * the exceptions annotated on the values); {@link #state()} is jcompose's own snake_case for state files and
 * {@code --format json}. Both ignore unknown keys when reading, so newer daemons do not break older clients.
 */
public final class Json {
    private static final ObjectMapper API = build(PropertyNamingStrategies.UPPER_CAMEL_CASE);
    private static final ObjectMapper STATE = build(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    /** The Docker Engine API mapper. */
    public static ObjectMapper api() {
        return API;
    }

    /** The snake_case mapper for jcompose's own files and output. */
    public static ObjectMapper state() {
        return STATE;
    }

    private static ObjectMapper build(PropertyNamingStrategy naming) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new Jdk8Module());
        mapper.setPropertyNamingStrategy(naming);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        return mapper;
    }

    /** A create request on the wire: the config's keys at the top level beside HostConfig and NetworkingConfig. */
    public static ObjectNode toWire(ContainerCreate request) {
        ObjectNode node = API.valueToTree(request.config());
        node.set("HostConfig", API.valueToTree(request.hostConfig()));
        node.set("NetworkingConfig", API.valueToTree(request.networkingConfig()));
        return node;
    }

    /** The inverse of {@link #toWire}; a body that does not bind is a 400 naming the key. */
    public static ContainerCreate createFromWire(ObjectNode wire) {
        ObjectNode config = wire.deepCopy();
        JsonNode host = config.remove("HostConfig");
        JsonNode net = config.remove("NetworkingConfig");
        return new ContainerCreate(bind(config, ContainerConfig.class),
                host == null || host.isNull() ? HostConfig.defaults() : bind(host, HostConfig.class),
                net == null || net.isNull() ? NetworkingConfig.NONE : bind(net, NetworkingConfig.class));
    }

    /** Binds a tree to a value; a mismatch is a 400 naming the JSON path. */
    public static <T> T bind(JsonNode node, Class<T> type) {
        try {
            return API.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new EngineException.BadRequest("invalid JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Filters as Docker's query parameter: {@code {"label":["a=b"]}}. */
    public static String encode(Filters filters) {
        try {
            return API.writeValueAsString(filters.values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the {@code filters} parameter in both forms Docker accepts: lists and maps of {@code true}. */
    public static Filters decodeFilters(String text) {
        if (text == null || text.isBlank()) {
            return Filters.NONE;
        }
        JsonNode root;
        try {
            root = API.readTree(text);
        } catch (JsonProcessingException e) {
            throw new EngineException.BadRequest("invalid filters: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw new EngineException.BadRequest("invalid filters: not a JSON object");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> list.add(x.asText()));
            } else if (v.isObject()) {
                v.fields().forEachRemaining(x -> {
                    if (x.getValue().asBoolean()) {
                        list.add(x.getKey());
                    }
                });
            } else {
                list.add(v.asText());
            }
            values.put(e.getKey(), list);
        });
        return new Filters(values);
    }
}
