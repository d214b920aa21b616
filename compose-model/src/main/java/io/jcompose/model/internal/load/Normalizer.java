package io.jcompose.model.internal.load;

import io.jcompose.model.SourceLocation;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds what Compose implies: defaults (build context and Dockerfile, port mode and protocol, secret
 * targets, {@code create_host_path} on binds), the implicit {@code default} network, resource names
 * ({@code <project>_<key>}), dependencies implied by links, {@code service:} namespaces and
 * volumes_from, environment entries resolved from the environment, and clean mount targets.
 */
public final class Normalizer {
    private final String project;
    private final Map<String, String> environment;

    public Normalizer(String project, Map<String, String> environment) {
        this.project = project;
        this.environment = environment;
    }

    /** Normalizes in place. */
    public void apply(MapNode root) {
        root.remove("version");
        root.remove("include");
        MapNode services = root.get("services") instanceof MapNode m ? m : new MapNode(root.location());
        if (!root.has("services")) {
            root.put("services", services);
        }
        boolean usesDefault = false;
        for (Node n : services.entries().values()) {
            if (n instanceof MapNode s) {
                service(s);
                usesDefault |= defaultNetwork(s);
            }
        }
        MapNode networks = root.get("networks") instanceof MapNode nm ? nm : new MapNode(root.location());
        if (usesDefault && !networks.has("default")) {
            networks.put("default", ScalarNode.nullAt(root.location()));
        }
        if (!networks.entries().isEmpty()) {
            root.put("networks", networks);
        }
        for (String kind : List.of("networks", "volumes", "secrets", "configs", "models")) {
            if (root.get(kind) instanceof MapNode resources) {
                names(resources, !kind.equals("models"));
            }
        }
    }

    private void names(MapNode resources, boolean named) {
        for (Map.Entry<String, Node> e : resources.entries().entrySet()) {
            MapNode r = e.getValue() instanceof MapNode m ? m : new MapNode(e.getValue().location());
            e.setValue(r);
            if (named && !r.has("name")) {
                boolean external = r.get("external") instanceof ScalarNode x && x.value().equalsIgnoreCase("true");
                r.put("name", ScalarNode.string(r.location(), external ? e.getKey() : project + "_" + e.getKey()));
            }
        }
    }

    private static boolean defaultNetwork(MapNode s) {
        if (s.has("network_mode") || s.has("provider")) {
            return false;
        }
        Node nets = s.get("networks");
        if (!(nets instanceof MapNode m) || m.entries().isEmpty()) {
            MapNode d = new MapNode(s.location());
            d.put("default", ScalarNode.nullAt(s.location()));
            s.put("networks", d);
            return true;
        }
        return m.has("default");
    }

    private void service(MapNode s) {
        SourceLocation at = s.location();
        if ("if_not_present".equals(s.text("pull_policy"))) {
            s.entries().put("pull_policy", ScalarNode.string(at, "missing"));
        }
        if (s.get("build") instanceof MapNode build) {
            if (!build.has("context")) {
                build.put("context", ScalarNode.string(at, "."));
            }
            if (!build.has("dockerfile") && !build.has("dockerfile_inline")) {
                build.put("dockerfile", ScalarNode.string(at, "Dockerfile"));
            }
            if (build.get("args") instanceof MapNode args) {
                resolveEnv(args, false);
            }
        }
        if (s.get("environment") instanceof MapNode env) {
            resolveEnv(env, true);
        }
        if (s.get("ports") instanceof SeqNode ports) {
            for (Node p : ports.items()) {
                if (p instanceof MapNode m) {
                    putIfAbsent(m, "mode", "ingress");
                    putIfAbsent(m, "protocol", "tcp");
                }
            }
        }
        for (String kind : List.of("secrets", "configs")) {
            if (s.get(kind) instanceof SeqNode mounts) {
                for (Node mnt : mounts.items()) {
                    if (mnt instanceof MapNode m && kind.equals("secrets") && !m.has("target") && m.text("source") != null) {
                        m.put("target", ScalarNode.string(m.location(), "/run/secrets/" + m.text("source")));
                    }
                }
            }
        }
        if (s.get("volumes") instanceof SeqNode vols) {
            for (Node v : vols.items()) {
                if (v instanceof MapNode m) {
                    if (m.text("target") != null && !m.text("target").isEmpty()) {
                        m.entries().put("target", ScalarNode.string(m.get("target").location(), clean(m.text("target"))));
                    }
                }
            }
        }
        impliedDependencies(s);
    }

    private void impliedDependencies(MapNode s) {
        List<String[]> implied = new ArrayList<>(); // name, restart
        if (s.get("links") instanceof SeqNode links) {
            for (Node l : links.items()) {
                if (l instanceof ScalarNode sc) {
                    implied.add(new String[] {sc.value().split(":")[0], "true"});
                }
            }
        }
        for (String ns : List.of("network_mode", "ipc", "pid", "uts", "cgroup")) {
            String ref = s.text(ns);
            if (ref != null && ref.startsWith("service:")) {
                implied.add(new String[] {ref.substring("service:".length()), "true"});
            }
        }
        if (s.get("volumes_from") instanceof SeqNode from) {
            for (Node f : from.items()) {
                if (f instanceof ScalarNode sc && !sc.value().startsWith("container:")) {
                    implied.add(new String[] {sc.value().split(":")[0], "false"});
                }
            }
        }
        if (implied.isEmpty()) {
            return;
        }
        MapNode deps = s.get("depends_on") instanceof MapNode d ? d : new MapNode(s.location());
        for (String[] dep : implied) {
            if (!deps.has(dep[0])) {
                MapNode m = new MapNode(s.location());
                m.put("condition", ScalarNode.string(s.location(), "service_started"));
                m.put("restart", ScalarNode.bool(s.location(), Boolean.parseBoolean(dep[1])));
                m.put("required", ScalarNode.bool(s.location(), true));
                deps.put(dep[0], m);
            }
        }
        s.put("depends_on", deps);
    }

    /** Null entries take their value from the environment; unresolved ones stay null ({@code keep}) or go. */
    private void resolveEnv(MapNode env, boolean keep) {
        for (String key : new ArrayList<>(env.entries().keySet())) {
            if (env.get(key) instanceof ScalarNode sc && sc.isNull()) {
                String v = environment.get(key);
                if (v != null) {
                    env.entries().put(key, ScalarNode.string(sc.location(), v));
                } else if (!keep) {
                    env.remove(key);
                }
            }
        }
    }

    private static void putIfAbsent(MapNode m, String key, String value) {
        if (!m.has(key)) {
            m.put(key, ScalarNode.string(m.location(), value));
        }
    }

    /** Go's path.Clean for mount targets. */
    static String clean(String target) {
        boolean windows = target.length() > 1 && target.charAt(1) == ':';
        if (windows) {
            return target;
        }
        String c = Path.of(target).normalize().toString();
        return c.isEmpty() ? "." : c;
    }
}
