package io.jcompose.model;

import io.jcompose.errors.UsageException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Narrows a project to named services and, recursively, what they depend on, as Compose does for
 * {@code config web} or {@code up web}. Naming a service enables it even when its profile is off.
 */
public final class ServiceSelection {
    private ServiceSelection() {}

    /** The project restricted to {@code names} and their dependencies; all services when empty. */
    public static Project select(Project project, List<String> names) {
        if (names.isEmpty()) {
            return project;
        }
        Map<String, ServiceSpec> all = new TreeMap<>(project.disabledServices());
        all.putAll(project.services());
        Map<String, ServiceSpec> chosen = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new UsageException("no such service: " + n);
            }
            todo.add(n);
        }
        while (!todo.isEmpty()) {
            String n = todo.poll();
            ServiceSpec s = all.get(n);
            if (s == null || chosen.containsKey(n)) {
                continue;
            }
            chosen.put(n, s);
            todo.addAll(s.dependsOn().keySet());
        }
        Map<String, ServiceSpec> disabled = new TreeMap<>(all);
        chosen.keySet().forEach(disabled::remove);
        Map<String, Value> services = new LinkedHashMap<>();
        chosen.forEach((k, s) -> services.put(k, s.attributes()));
        Map<String, Value> model = new LinkedHashMap<>(project.model().entries());
        model.put("services", new Value.Dict(sortedGo(services), false));
        return new Project(project.name(), project.workingDir(), project.configFiles(), project.environment(),
                chosen, disabled, project.networks(), project.volumes(), project.secrets(), project.configs(),
                project.profiles(), new Value.Dict(model, true), project.warnings());
    }

    private static Map<String, Value> sortedGo(Map<String, Value> m) {
        Map<String, Value> out = new TreeMap<>(io.jcompose.model.internal.schema.GoKeyOrder.INSTANCE);
        out.putAll(m);
        return out;
    }
}
