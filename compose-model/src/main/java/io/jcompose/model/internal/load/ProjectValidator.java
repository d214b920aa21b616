package io.jcompose.model.internal.load;

import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cross-reference checks on the merged, normalised project: every service has an image or a build,
 * dependencies, networks, volumes, secrets and configs it names exist, and {@code depends_on} has
 * no cycle (the cycle is named).
 */
public final class ProjectValidator {
    private static final java.util.regex.Pattern SERVICE_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]+");
    private final List<Diagnostic> problems;

    public ProjectValidator(List<Diagnostic> problems) {
        this.problems = problems;
    }

    /** Checks {@code root}, whose services are the enabled ones; {@code disabled} names the others. */
    public void apply(MapNode root, Set<String> disabled) {
        MapNode services = root.get("services") instanceof MapNode m ? m : new MapNode(root.location());
        Map<String, List<String>> graph = new TreeMap<>();
        Map<String, String> containerNames = new TreeMap<>();
        for (Map.Entry<String, Node> e : services.entries().entrySet()) {
            String name = e.getKey();
            KeyPath path = KeyPath.root().key("services").key(name);
            if (!SERVICE_NAME.matcher(name).matches()) {
                problems.add(Diagnostic.error(services.keyLocation(name), path, "invalid service name \"" + name + "\"",
                        "use letters, digits, \".\", \"_\" and \"-\" only"));
            }
            if (!(e.getValue() instanceof MapNode s)) {
                continue;
            }
            if (!s.has("image") && !s.has("build") && !s.has("provider")) {
                problems.add(Diagnostic.error(services.keyLocation(name), path,
                        "service has neither an image nor a build context specified",
                        "add \"image:\" or \"build:\" to service \"" + name + "\""));
            }
            graph.put(name, dependencies(s, path, services, disabled));
            longForms(s, path);
            if (s.has("network_mode") && s.get("networks") instanceof MapNode nets && !nets.entries().isEmpty()) {
                problems.add(Diagnostic.error(s.keyLocation("networks"), path.key("networks"),
                        "\"network_mode\" and \"networks\" cannot be combined", "keep only one of them"));
            }
            if (s.text("scale") != null && s.get("deploy") instanceof MapNode deploy && deploy.text("replicas") != null
                    && !s.text("scale").equals(deploy.text("replicas"))) {
                problems.add(Diagnostic.error(s.keyLocation("scale"), path.key("scale"),
                        "can't set distinct values on 'scale' and 'deploy.replicas'", "keep only one of them"));
            }
            String container = s.text("container_name");
            if (container != null) {
                String other = containerNames.putIfAbsent(container, name);
                if (other != null) {
                    problems.add(Diagnostic.error(s.keyLocation("container_name"), path.key("container_name"),
                            "container name \"" + container + "\" is already in use by service \"" + other + "\"",
                            "container names must be unique; remove container_name to let jcompose name them"));
                }
            }
            references(root, s, path, "networks", "network");
            volumes(root, s, path);
            for (String kind : List.of("secrets", "configs")) {
                mounts(root, s, path, kind);
            }
        }
        cycles(graph, services);
    }

    /** Long-form ports need a target; long-form mounts need a target, and binds a source. */
    private void longForms(MapNode s, KeyPath path) {
        if (s.get("ports") instanceof SeqNode ports) {
            for (int i = 0; i < ports.items().size(); i++) {
                if (ports.items().get(i) instanceof MapNode p && !p.has("target")) {
                    problems.add(Diagnostic.error(p.location(), path.key("ports").index(i), "\"target\" is required",
                            "name the container port, for example \"target: 80\""));
                }
            }
        }
        if (s.get("volumes") instanceof SeqNode vols) {
            for (int i = 0; i < vols.items().size(); i++) {
                if (!(vols.items().get(i) instanceof MapNode v)) {
                    continue;
                }
                if (v.text("target") == null || v.text("target").isEmpty()) {
                    problems.add(Diagnostic.error(v.location(), path.key("volumes").index(i), "\"target\" is required",
                            "name the path in the container, for example \"target: /data\""));
                } else if ("bind".equals(v.text("type")) && (v.text("source") == null || v.text("source").isEmpty())) {
                    problems.add(Diagnostic.error(v.location(), path.key("volumes").index(i),
                            "invalid mount config for type \"bind\": field source must not be empty"));
                }
            }
        }
    }

    private List<String> dependencies(MapNode s, KeyPath path, MapNode services, Set<String> disabled) {
        List<String> deps = new ArrayList<>();
        if (!(s.get("depends_on") instanceof MapNode d)) {
            return deps;
        }
        for (Map.Entry<String, Node> e : d.entries().entrySet()) {
            String dep = e.getKey();
            boolean required = !(e.getValue() instanceof MapNode m && m.get("required") instanceof ScalarNode r
                    && r.value().equalsIgnoreCase("false"));
            if (services.has(dep)) {
                deps.add(dep);
            } else if (required) {
                problems.add(Diagnostic.error(d.keyLocation(dep), path.key("depends_on"),
                        "depends on undefined service \"" + dep + "\"", disabled.contains(dep)
                                ? "service \"" + dep + "\" is disabled: enable its profile with --profile"
                                : "define service \"" + dep + "\" or remove the dependency"));
            }
        }
        return deps;
    }

    private void references(MapNode root, MapNode s, KeyPath path, String key, String what) {
        if (!(s.get(key) instanceof MapNode refs)) {
            return;
        }
        MapNode defined = root.get(key) instanceof MapNode m ? m : new MapNode(root.location());
        for (String ref : refs.entries().keySet()) {
            if (!defined.has(ref)) {
                problems.add(Diagnostic.error(refs.keyLocation(ref), path.key(key),
                        "refers to undefined " + what + " \"" + ref + "\"",
                        "declare it under the top-level \"" + key + ":\" key"));
            }
        }
    }

    private void volumes(MapNode root, MapNode s, KeyPath path) {
        if (!(s.get("volumes") instanceof SeqNode vols)) {
            return;
        }
        MapNode defined = root.get("volumes") instanceof MapNode m ? m : new MapNode(root.location());
        for (int i = 0; i < vols.items().size(); i++) {
            if (vols.items().get(i) instanceof MapNode v && "volume".equals(v.text("type")) && v.text("source") != null
                    && !v.text("source").isEmpty() && !defined.has(v.text("source"))) {
                problems.add(Diagnostic.error(v.location(), path.key("volumes").index(i),
                        "refers to undefined volume \"" + v.text("source") + "\"",
                        "declare it under the top-level \"volumes:\" key, or use a path (./" + v.text("source")
                                + ") for a bind mount"));
            }
        }
    }

    private void mounts(MapNode root, MapNode s, KeyPath path, String kind) {
        if (!(s.get(kind) instanceof SeqNode list)) {
            return;
        }
        MapNode defined = root.get(kind) instanceof MapNode m ? m : new MapNode(root.location());
        for (int i = 0; i < list.items().size(); i++) {
            if (list.items().get(i) instanceof MapNode m && m.text("source") != null && !defined.has(m.text("source"))) {
                problems.add(Diagnostic.error(m.location(), path.key(kind).index(i),
                        "refers to undefined " + kind.substring(0, kind.length() - 1) + " \"" + m.text("source") + "\"",
                        "declare it under the top-level \"" + kind + ":\" key"));
            }
        }
    }

    private void cycles(Map<String, List<String>> graph, MapNode services) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : graph.keySet()) {
            List<String> stack = new ArrayList<>();
            if (visit(start, graph, state, stack)) {
                String first = stack.get(stack.size() - 1);
                List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(first), stack.size()));
                String from = cycle.get(0);
                MapNode s = (MapNode) services.get(from);
                problems.add(Diagnostic.error(s.keyLocation("depends_on"),
                        KeyPath.root().key("services").key(from).key("depends_on"),
                        "dependency cycle " + String.join(" -> ", cycle), "remove one of these dependencies"));
                return;
            }
        }
    }

    /** Depth-first search; on a cycle, {@code stack} ends with the path and the repeated service. */
    private static boolean visit(String node, Map<String, List<String>> graph, Map<String, Integer> state,
                                 List<String> stack) {
        Integer st = state.get(node);
        if (st != null && st == 2) {
            return false;
        }
        stack.add(node);
        if (st != null && st == 1) {
            return true;
        }
        state.put(node, 1);
        for (String next : graph.getOrDefault(node, List.of()).stream().sorted().toList()) {
            if (visit(next, graph, state, stack)) {
                return true;
            }
        }
        state.put(node, 2);
        stack.remove(stack.size() - 1);
        return false;
    }
}
