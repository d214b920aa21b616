package io.jcompose.model.internal.load;

import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.SourceLocation;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the short syntaxes of one compose file into their long forms (ports, volumes,
 * depends_on, networks, secrets, configs, build, env_file, environment and label lists, extends,
 * devices, extra_hosts, ulimits, external), so that files merge key by key. Problems are collected.
 */
public final class Canonicalizer {
    private final List<Diagnostic> problems;

    public Canonicalizer(List<Diagnostic> problems) {
        this.problems = problems;
    }

    /** Canonicalizes a whole document in place. */
    public void apply(MapNode root) {
        if (root.get("services") instanceof MapNode services) {
            services.entries().forEach((name, s) -> {
                if (s instanceof MapNode service) {
                    service(service, KeyPath.root().key("services").key(name));
                }
            });
        }
        for (String kind : List.of("networks", "volumes", "secrets", "configs")) {
            if (root.get(kind) instanceof MapNode resources) {
                resources.entries().forEach((name, r) -> {
                    if (r instanceof MapNode resource) {
                        external(resource);
                        listToMap(resource, "labels", "");
                        if (resource.get("ipam") instanceof MapNode ipam) {
                            listToMap(ipam, "options", "");
                        }
                    }
                });
            }
        }
        if (root.get("include") instanceof SeqNode includes) {
            includes.items().replaceAll(i -> {
                MapNode m = wrap(i, "path");
                toList(m, "path");
                toList(m, "env_file");
                return m;
            });
        }
    }

    private void service(MapNode s, KeyPath path) {
        if (s.get("build") instanceof ScalarNode b && !b.isNull()) {
            MapNode build = wrap(b, "context");
            build.setTag(b.tag());
            s.put("build", s.keyLocation("build"), build);
        }
        if (s.get("build") instanceof MapNode build) {
            listToMap(build, "args", null);
            listToMap(build, "labels", "");
            listToMap(build, "additional_contexts", "");
            hosts(build, path.key("build"));
            mounts(build, "secrets");
            toList(build, "cache_from");
            toList(build, "cache_to");
            toList(build, "tags");
            toList(build, "platforms");
            toList(build, "no_cache_filter");
            ulimits(build);
        }
        if (s.get("extends") instanceof ScalarNode e && !e.isNull()) {
            s.put("extends", s.keyLocation("extends"), wrap(e, "service"));
        }
        dependsOn(s);
        listToMap(s, "environment", null);
        listToMap(s, "labels", "");
        listToMap(s, "annotations", "");
        listToMap(s, "sysctls", "");
        hosts(s, path);
        envFiles(s);
        if (s.get("networks") instanceof SeqNode nets) {
            s.put("networks", s.keyLocation("networks"), namesToMap(nets));
        }
        if (s.get("deploy") instanceof MapNode deploy) {
            listToMap(deploy, "labels", "");
        }
        for (String key : List.of("dns", "dns_search", "tmpfs", "label_file")) {
            toList(s, key);
        }
        mounts(s, "secrets");
        mounts(s, "configs");
        ports(s, path.key("ports"));
        volumes(s, path.key("volumes"));
        devices(s, path.key("devices"));
        ulimits(s);
        if (s.get("expose") instanceof SeqNode expose) {
            expose.items().replaceAll(i -> i instanceof ScalarNode sc && !sc.isNull()
                    ? sc.with(sc.value(), ScalarNode.Kind.STRING) : i);
        }
    }

    /** {@code key: text} becomes {@code {key: text}}. */
    private static MapNode wrap(Node node, String key) {
        if (node instanceof MapNode m) {
            return m;
        }
        MapNode m = new MapNode(node.location());
        m.put(key, node);
        return m;
    }

    private static void toList(MapNode parent, String key) {
        if (parent.get(key) instanceof ScalarNode s && !s.isNull()) {
            SeqNode seq = new SeqNode(s.location(), s.tag(), List.of(s));
            parent.put(key, parent.keyLocation(key), seq);
        }
    }

    private static MapNode namesToMap(SeqNode names) {
        MapNode m = new MapNode(names.location(), names.tag());
        for (Node n : names.items()) {
            if (n instanceof ScalarNode sc) {
                m.put(sc.value(), sc.location(), ScalarNode.nullAt(sc.location()));
            }
        }
        return m;
    }

    /**
     * A {@code KEY=VALUE} list becomes a mapping. A bare {@code KEY} maps to null when
     * {@code bare} is null (environment, args: resolved later) or to {@code bare} (labels).
     */
    private static void listToMap(MapNode parent, String key, String bare) {
        if (!(parent.get(key) instanceof SeqNode seq)) {
            return;
        }
        MapNode m = new MapNode(seq.location(), seq.tag());
        for (Node item : seq.items()) {
            if (!(item instanceof ScalarNode sc)) {
                continue;
            }
            String text = sc.value();
            int eq = text.indexOf('=');
            if (eq >= 0) {
                m.put(text.substring(0, eq), sc.location(), sc.with(text.substring(eq + 1), ScalarNode.Kind.STRING));
            } else if (bare == null) {
                m.put(text, sc.location(), ScalarNode.nullAt(sc.location()));
            } else {
                m.put(text, sc.location(), sc.with(bare, ScalarNode.Kind.STRING));
            }
        }
        parent.put(key, parent.keyLocation(key), m);
    }

    private void hosts(MapNode parent, KeyPath path) {
        Node node = parent.get("extra_hosts");
        if (node instanceof SeqNode seq) {
            MapNode m = new MapNode(seq.location(), seq.tag());
            int i = 0;
            for (Node item : seq.items()) {
                if (item instanceof ScalarNode sc) {
                    String t = sc.value();
                    int sep = t.indexOf('=') >= 0 ? t.indexOf('=') : t.indexOf(':');
                    if (sep <= 0) {
                        problems.add(Diagnostic.error(sc.location(), path.key("extra_hosts").index(i),
                                "invalid extra host \"" + t + "\"", "write HOST=IP, for example \"db=10.0.0.2\""));
                    } else {
                        addHost(m, t.substring(0, sep), sc.with(t.substring(sep + 1), ScalarNode.Kind.STRING));
                    }
                }
                i++;
            }
            parent.put("extra_hosts", parent.keyLocation("extra_hosts"), m);
        } else if (node instanceof MapNode map) {
            MapNode m = new MapNode(map.location(), map.tag());
            map.entries().forEach((host, ips) -> {
                if (ips instanceof SeqNode list) {
                    list.items().forEach(ip -> addHost(m, host, ip));
                } else {
                    addHost(m, host, ips);
                }
            });
            parent.put("extra_hosts", parent.keyLocation("extra_hosts"), m);
        }
    }

    private static void addHost(MapNode m, String host, Node ip) {
        SeqNode list;
        if (m.get(host) instanceof SeqNode existing) {
            list = existing;
        } else {
            list = new SeqNode(ip.location());
            m.put(host, ip.location(), list);
        }
        list.items().add(ip);
    }

    private static void dependsOn(MapNode s) {
        Node node = s.get("depends_on");
        if (node instanceof SeqNode seq) {
            MapNode m = new MapNode(seq.location(), seq.tag());
            for (Node item : seq.items()) {
                if (item instanceof ScalarNode sc) {
                    m.put(sc.value(), sc.location(), new MapNode(sc.location()));
                }
            }
            s.put("depends_on", s.keyLocation("depends_on"), m);
            node = m;
        }
        if (node instanceof MapNode m) {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                if (e.getValue() instanceof ScalarNode sc && sc.isNull()) {
                    e.setValue(new MapNode(sc.location()));
                }
                if (e.getValue() instanceof MapNode d) {
                    SourceLocation at = d.location();
                    if (!d.has("condition")) {
                        d.put("condition", ScalarNode.string(at, "service_started"));
                    }
                    if (!d.has("required")) {
                        d.put("required", ScalarNode.bool(at, true));
                    }
                }
            }
        }
    }

    private static void envFiles(MapNode s) {
        toList(s, "env_file");
        if (s.get("env_file") instanceof SeqNode seq) {
            seq.items().replaceAll(i -> {
                MapNode m = wrap(i, "path");
                if (!m.has("required")) {
                    m.put("required", ScalarNode.bool(m.location(), true));
                }
                return m;
            });
        }
    }

    private static void mounts(MapNode s, String key) {
        if (s.get(key) instanceof SeqNode seq) {
            seq.items().replaceAll(i -> wrap(i, "source"));
        }
    }

    private static void external(MapNode resource) {
        if (resource.get("external") instanceof MapNode ext) {
            Node name = ext.get("name");
            resource.put("external", resource.keyLocation("external"), ScalarNode.bool(ext.location(), true));
            if (name != null && !resource.has("name")) {
                resource.put("name", name);
            }
        }
    }

    private static void ulimits(MapNode s) {
        if (s.get("ulimits") instanceof MapNode u) {
            for (Map.Entry<String, Node> e : u.entries().entrySet()) {
                if (e.getValue() instanceof ScalarNode sc && !sc.isNull()) {
                    MapNode m = new MapNode(sc.location());
                    m.put("single", sc);
                    e.setValue(m);
                }
            }
        }
    }

    private void ports(MapNode s, KeyPath path) {
        if (!(s.get("ports") instanceof SeqNode seq)) {
            return;
        }
        SeqNode out = new SeqNode(seq.location(), seq.tag(), List.of());
        for (int i = 0; i < seq.items().size(); i++) {
            Node item = seq.items().get(i);
            if (item instanceof ScalarNode sc && (sc.kind() == ScalarNode.Kind.STRING || sc.kind() == ScalarNode.Kind.INT)) {
                try {
                    for (PortSyntax.Port p : PortSyntax.parse(sc.value())) {
                        MapNode m = new MapNode(sc.location());
                        m.put("mode", ScalarNode.string(sc.location(), "ingress"));
                        if (!p.hostIp().isEmpty()) {
                            m.put("host_ip", ScalarNode.string(sc.location(), p.hostIp()));
                        }
                        m.put("target", ScalarNode.integer(sc.location(), p.target()));
                        if (!p.published().isEmpty()) {
                            m.put("published", ScalarNode.string(sc.location(), p.published()));
                        }
                        m.put("protocol", ScalarNode.string(sc.location(), p.protocol()));
                        out.items().add(m);
                    }
                } catch (PortSyntax.Invalid e) {
                    if (sc.value().contains("$")) {
                        out.items().add(sc); // left uninterpolated (--no-interpolate)
                        continue;
                    }
                    problems.add(Diagnostic.error(sc.location(), path.index(i),
                            "\"" + sc.value() + "\" is not a port mapping: " + e.getMessage(),
                            "write [HOST_IP:][HOST:]CONTAINER[/PROTOCOL], for example \"8080:80/tcp\""));
                }
            } else {
                out.items().add(item);
            }
        }
        s.put("ports", s.keyLocation("ports"), out);
    }

    private void volumes(MapNode s, KeyPath path) {
        if (!(s.get("volumes") instanceof SeqNode seq)) {
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            if (seq.items().get(i) instanceof ScalarNode sc && sc.kind() == ScalarNode.Kind.STRING) {
                try {
                    seq.items().set(i, VolumeSyntax.parse(sc.value(), sc.location()));
                } catch (VolumeSyntax.Invalid e) {
                    if (sc.value().contains("$")) {
                        continue;
                    }
                    problems.add(Diagnostic.error(sc.location(), path.index(i), e.getMessage(),
                            "write [SOURCE:]TARGET[:ro], for example \"./data:/data:ro\""));
                }
            }
        }
    }

    private void devices(MapNode s, KeyPath path) {
        if (!(s.get("devices") instanceof SeqNode seq)) {
            return;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            if (seq.items().get(i) instanceof ScalarNode sc && sc.kind() == ScalarNode.Kind.STRING) {
                String[] parts = sc.value().split(":", -1);
                if (parts.length > 3) {
                    problems.add(Diagnostic.error(sc.location(), path.index(i),
                            "confusing device mapping \"" + sc.value() + "\"", "use the long syntax"));
                    continue;
                }
                MapNode m = new MapNode(sc.location());
                m.put("source", sc.with(parts[0], ScalarNode.Kind.STRING));
                m.put("target", sc.with(parts.length > 1 && !parts[1].isEmpty() ? parts[1] : parts[0],
                        ScalarNode.Kind.STRING));
                m.put("permissions", sc.with(parts.length > 2 ? parts[2] : "rwm", ScalarNode.Kind.STRING));
                seq.items().set(i, m);
            }
        }
    }
}
