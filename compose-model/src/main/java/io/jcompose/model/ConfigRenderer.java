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

    /**
     * The YAML Compose prints for {@code config --no-interpolate}: the raw model, a plain map, so
     * every mapping is printed with sorted keys and without JSON-only attributes.
     */
    public static String yamlModel(Project project) {
        return YamlWriter.write((Value.Dict) plain(withServices(project.model()), true));
    }

    /** The JSON Compose prints for {@code config --no-interpolate --format json}. */
    public static String jsonModel(Project project) {
        return JsonWriter.write(plain(withServices(project.model()), false));
    }

    private static Value plain(Value v, boolean goYamlOrder) {
        if (v instanceof Value.Dict d) {
            Map<String, Value> sorted = goYamlOrder
                    ? new java.util.TreeMap<>(io.jcompose.model.internal.schema.GoKeyOrder.INSTANCE)
                    : new java.util.TreeMap<>();
            d.entries().forEach((k, x) -> {
                if (!(x instanceof Value.JsonOnly)) {
                    sorted.put(k, plain(x, goYamlOrder));
                }
            });
            return new Value.Dict(sorted, false);
        }
        if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items().stream().map(i -> plain(i, goYamlOrder)).toList());
        }
        return v;
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
