package io.jcompose.model;

import io.jcompose.model.internal.render.JsonWriter;
import io.jcompose.model.internal.render.YamlWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code config --variables} in the three forms docker compose prints: table, yaml, json. */
public final class VariablesRenderer {
    private static final List<String> HEADERS = List.of("NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE");

    private VariablesRenderer() {}

    /** Go's tabwriter(minwidth 20, padding 3) table, as Compose's default format. */
    public static String table(Map<String, Variable> vars) {
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(HEADERS);
        vars.values().forEach(v -> rows.add(List.of(v.name(), Boolean.toString(v.required()), v.defaultValue(),
                v.presenceValue())));
        int[] width = new int[3];
        for (List<String> r : rows) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(Math.max(width[i], 20), r.get(i).length() + 3);
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < 3; i++) {
                out.append(r.get(i)).append(" ".repeat(width[i] - r.get(i).length()));
            }
            out.append(r.get(3)).append('\n');
        }
        return out.toString();
    }

    /** {@code --format json}: 4-space indent, keys by name, a blank line at the end (as Compose prints it). */
    public static String json(Map<String, Variable> vars) {
        Map<String, Value> m = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            Map<String, Value> e = new LinkedHashMap<>();
            e.put("Name", new Value.Str(v.name()));
            e.put("DefaultValue", new Value.Str(v.defaultValue()));
            e.put("PresenceValue", new Value.Str(v.presenceValue()));
            e.put("Required", new Value.Bool(v.required()));
            m.put(k, new Value.Dict(e, true));
        });
        return JsonWriter.writeStandard(new Value.Dict(m, false)) + "\n\n";
    }

    /** {@code --format yaml}: go-yaml's default 4-space indent and lower-cased field names. */
    public static String yaml(Map<String, Variable> vars) {
        if (vars.isEmpty()) {
            return "{}\n";
        }
        StringBuilder out = new StringBuilder();
        vars.forEach((k, v) -> out.append(YamlWriter.scalarText(k)).append(":\n")
                .append("    name: ").append(YamlWriter.scalarText(v.name())).append('\n')
                .append("    defaultvalue: ").append(YamlWriter.scalarText(v.defaultValue())).append('\n')
                .append("    presencevalue: ").append(YamlWriter.scalarText(v.presenceValue())).append('\n')
                .append("    required: ").append(v.required()).append('\n'));
        return out.toString();
    }
}
