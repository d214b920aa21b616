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
import io.jcompose.model.VariablesRenderer;
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
        if (!List.of("yaml", "json", "").contains(req.format())) {
            throw new UsageException("unsupported format \"" + req.format() + "\"");
        }
        if (req.view() == ConfigRequest.View.VARIABLES) {
            if (!req.services().isEmpty()) {
                warn.accept("service filtering is not applied when --variables is set, variables from the full model will be rendered");
            }
            return variables(ProjectLoader.variables(req.load()), req.format());
        }
        if (!req.load().interpolate() && !req.services().isEmpty() && req.view() == ConfigRequest.View.MODEL) {
            warn.accept("service filtering is not applied when --no-interpolate is set, the full model will be rendered");
        }
        Project project = ProjectLoader.load(req.load());
        project.warnings().forEach(warn);
        StringBuilder out = new StringBuilder();
        switch (req.view()) {
            case SERVICES -> project.services().keySet().forEach(s -> out.append(s).append('\n'));
            case VOLUMES -> project.volumes().keySet().forEach(s -> out.append(s).append('\n'));
            case NETWORKS -> project.networks().keySet().forEach(s -> out.append(s).append('\n'));
            case MODELS -> project.model().dict("models").ifPresent(models -> models.entries().values().forEach(m ->
                    ((Value.Dict) m).string("model").ifPresent(name -> out.append(name).append('\n'))));
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
                boolean json = req.format().equals("json");
                Project selected = req.load().interpolate() ? ServiceSelection.select(project, req.services()) : project;
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
        return switch (format) {
            case "json" -> VariablesRenderer.json(vars);
            case "yaml" -> VariablesRenderer.yaml(vars);
            default -> VariablesRenderer.table(vars);
        };
    }
}
