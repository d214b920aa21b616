package io.jcompose.model.internal.load;

import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Drops redefinitions from sequences whose entries have an identity (a volume by its target, a port
 * by ip, published port, target and protocol, a secret by its mount path, a capability by name):
 * a later entry replaces the earlier one in the earlier one's place, as Compose merges them.
 */
public final class Unicity {
    private static final List<String> BY_VALUE = List.of("cap_add", "cap_drop", "dns", "dns_opt", "dns_search",
            "expose", "links", "profiles", "tmpfs", "external_links", "security_opt", "group_add");

    private Unicity() {}

    /** Applies the rules to every service of {@code root}. */
    public static void apply(MapNode root) {
        if (!(root.get("services") instanceof MapNode services)) {
            return;
        }
        for (Node n : services.entries().values()) {
            if (n instanceof MapNode s) {
                service(s);
            }
        }
    }

    private static void service(MapNode s) {
        for (String key : BY_VALUE) {
            dedupe(s, key, Unicity::keyOf);
        }
        dedupe(s, "volumes", n -> n instanceof MapNode m ? m.text("target") : keyOf(n));
        dedupe(s, "devices", n -> n instanceof MapNode m ? m.text("target") : keyOf(n));
        dedupe(s, "env_file", n -> n instanceof MapNode m ? m.text("path") : keyOf(n));
        dedupe(s, "secrets", n -> mountKey(n, "/run/secrets/"));
        dedupe(s, "configs", n -> mountKey(n, "/"));
        dedupe(s, "ports", Unicity::portKey);
        if (s.get("build") instanceof MapNode build) {
            dedupe(build, "tags", Unicity::keyOf);
            dedupe(build, "platforms", Unicity::keyOf);
        }
        if (s.get("networks") instanceof MapNode nets) {
            for (Node n : nets.entries().values()) {
                if (n instanceof MapNode net) {
                    dedupe(net, "aliases", Unicity::keyOf);
                    dedupe(net, "link_local_ips", Unicity::keyOf);
                }
            }
        }
        if (s.get("extra_hosts") instanceof MapNode hosts) {
            for (Node n : hosts.entries().values()) {
                if (n instanceof SeqNode ips) {
                    dedupeSeq(ips, Unicity::keyOf);
                }
            }
        }
    }

    private static String keyOf(Node n) {
        if (n instanceof ScalarNode sc) {
            String v = sc.value();
            int eq = v.indexOf('=');
            return eq >= 0 ? v.substring(0, eq) : v;
        }
        return null;
    }

    private static String mountKey(Node n, String prefix) {
        if (n instanceof MapNode m) {
            return m.text("target") != null ? m.text("target") : prefix + m.text("source");
        }
        return null;
    }

    private static String portKey(Node n) {
        if (!(n instanceof MapNode m)) {
            return keyOf(n);
        }
        return (m.text("host_ip") == null ? "0.0.0.0" : m.text("host_ip")) + ":"
                + (m.text("published") == null ? "" : m.text("published")) + ":" + m.text("target") + "/"
                + (m.text("protocol") == null ? "tcp" : m.text("protocol"));
    }

    private static void dedupe(MapNode parent, String key, Function<Node, String> identity) {
        if (parent.get(key) instanceof SeqNode seq) {
            dedupeSeq(seq, identity);
        }
    }

    private static void dedupeSeq(SeqNode seq, Function<Node, String> identity) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Node> out = new ArrayList<>();
        for (Node item : seq.items()) {
            String id = identity.apply(item);
            Integer at = id == null ? null : seen.get(id);
            if (at != null) {
                out.set(at, item);
            } else {
                if (id != null) {
                    seen.put(id, out.size());
                }
                out.add(item);
            }
        }
        seq.items().clear();
        seq.items().addAll(out);
    }
}
