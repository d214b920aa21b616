package io.jcompose.orchestrator.config;

import io.jcompose.errors.UsageException;
import io.jcompose.model.ConfigHash;
import io.jcompose.model.ConfigRenderer;
import io.jcompose.model.Project;
import io.jcompose.model.ProjectLoader;
import io.jcompose.model.ServiceSelection;
import io.jcompose.model.ServiceSpec;
import io.jcompose.model.Value;
import io.jcompose.model.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Produces the text of {@code jcompose config} for each of its views, exactly as
 * {@code docker compose config} prints it.
 */
public final class ConfigReport {
    private ConfigReport() {}

    /** The text to print (or write to {@code -o}); warnings go to {@code warn}. */
    public static String render(ConfigRequest req, Consumer<String> warn) {
        if (!req.format().equals("yaml") && !req.format().equals("json")) {
            throw new UsageException("unsupported format \"" + req.format() + "\"");
        }
        if (req.view() == ConfigRequest.View.VARIABLES) {
            return variables(ProjectLoader.variables(req.load()), req.format());
        }
        Project project = ProjectLoader.load(req.load());
        project.warnings().forEach(warn);
        StringBuilder out = new StringBuilder();
        switch (req.view()) {
            case SERVICES -> project.services().keySet().forEach(s -> out.append(s).append('\n'));
            case VOLUMES -> project.volumes().keySet().forEach(s -> out.append(s).append('\n'));
            case NETWORKS -> project.networks().keySet().forEach(s -> out.append(s).append('\n'));
            case IMAGES -> ServiceSelection.select(project, req.services()).services().values().forEach(s ->
                    out.append(s.image().orElse(project.name() + "-" + s.name())).append('\n'));
            case PROFILES -> {
                TreeSet<String> profiles = new TreeSet<>();
                project.services().values().forEach(s -> profiles.addAll(s.profiles()));
                project.disabledServices().values().forEach(s -> profiles.addAll(s.profiles()));
                profiles.forEach(p -> out.append(p).append('\n'));
            }
            case ENVIRONMENT -> project.environment().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
            case HASH -> hashes(project, req.hash().orElse("*")).forEach((k, v) ->
                    out.append(k).append(' ').append(v).append('\n'));
            case QUIET -> { }
            default -> {
                Project selected = ServiceSelection.select(project, req.services());
                boolean json = req.format().equals("json");
                if (req.load().interpolate()) {
                    String text = json ? ConfigRenderer.json(selected) : ConfigRenderer.yaml(selected);
                    out.append(text.replace("$", "$$"));
                } else {
                    // like Compose: without interpolation the raw model (a plain map) is printed
                    out.append(json ? ConfigRenderer.jsonModel(project) : ConfigRenderer.yamlModel(project));
                }
            }
        }
        return out.toString();
    }

    private static Map<String, String> hashes(Project project, String which) {
        List<String> names = which.equals("*") ? new ArrayList<>(project.services().keySet())
                : Arrays.stream(which.split(",")).map(String::strip).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : new TreeSet<>(names)) {
            ServiceSpec s = project.service(n).orElseThrow(() -> new UsageException("no such service: " + n));
            out.put(n, ConfigHash.of(s));
        }
        return out;
    }

    private static String variables(Map<String, Variable> vars, String format) {
        if (format.equals("json")) {
            Map<String, Value> m = new LinkedHashMap<>();
            vars.forEach((k, v) -> {
                Map<String, Value> e = new LinkedHashMap<>();
                e.put("Name", new Value.Str(v.name()));
                e.put("DefaultValue", new Value.Str(v.defaultValue()));
                e.put("PresenceValue", new Value.Str(v.presenceValue()));
                e.put("Required", new Value.Bool(v.required()));
                m.put(k, new Value.Dict(e, true));
            });
            return ConfigRenderer.json(new Value.Dict(m, false)) + "\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"});
        vars.values().forEach(v -> rows.add(new String[] {v.name(), Boolean.toString(v.required()), v.defaultValue(),
                v.presenceValue()}));
        int[] width = new int[4];
        rows.forEach(r -> {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                line.append(i < 3 ? String.format("%-" + (width[i] + 3) + "s", r[i]) : r[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
