package io.jcompose.model;

import io.jcompose.model.internal.render.JsonWriter;
import io.jcompose.model.internal.render.YamlWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a {@link Project} as {@code docker compose config} prints it. */
public final class ConfigRenderer {
    private ConfigRenderer() {}

    /** The YAML form (the default of {@code config}). */
    public static String yaml(Project project) {
        return YamlWriter.write(withServices(project.model()));
    }

    /** The {@code --format json} form. */
    public static String json(Project project) {
        return JsonWriter.writeProject(withServices(project.model()));
    }

    /** Any canonical value as JSON, e.g. one service for hashing. */
    public static String json(Value value) {
        return JsonWriter.write(value);
    }

    /** Compose always prints {@code services}, even when there are none. */
    private static Value.Dict withServices(Value.Dict model) {
        if (model.entries().containsKey("services")) {
            return model;
        }
        Map<String, Value> m = new LinkedHashMap<>();
        model.entries().forEach((k, v) -> {
            m.put(k, v);
            if (k.equals("name")) {
                m.put("services", new Value.Dict(Map.of(), false));
            }
        });
        m.putIfAbsent("services", new Value.Dict(Map.of(), false));
        return new Value.Dict(m, true);
    }
}
