package io.jcompose.model.internal.load;

import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merges a later compose file (or an extending service) into an earlier one, as the Compose spec
 * says: mappings merge key by key, sequences append, scalars are replaced; {@code command},
 * {@code entrypoint} and {@code healthcheck.test} are replaced whole; {@code logging} merges only
 * for the same driver; {@code !reset} removes a value and {@code !override} replaces it. Both trees
 * must be canonical (see {@link Canonicalizer}); {@link Unicity} then drops redefinitions.
 */
public final class OverrideMerger {
    private static final String RESET = "!reset";
    private static final String OVERRIDE = "!override";
    private static final List<String> REPLACED = List.of("services.*.command", "services.*.entrypoint",
            "services.*.healthcheck.test", "services.*.ulimits.*");

    private OverrideMerger() {}

    /** Merges {@code over} into {@code base} in place ({@code path} is a dotted pattern prefix). */
    public static void merge(MapNode base, MapNode over, String path) {
        for (String key : new ArrayList<>(over.entries().keySet())) {
            Node o = over.get(key);
            String segment = key.replace('.', '_'); // service names may contain dots; patterns split on them
            String p = path.isEmpty() ? segment : path + "." + segment;
            if (RESET.equals(o.tag())) {
                base.remove(key);
                continue;
            }
            Node b = base.get(key);
            if (b == null || OVERRIDE.equals(o.tag()) || replaced(p)) {
                base.put(key, over.keyLocation(key), clean(o));
            } else {
                base.put(key, base.keyLocation(key), mergeValues(b, o, p));
            }
        }
    }

    /** Strips reset/override tags from a subtree that enters the result without merging. */
    private static Node clean(Node node) {
        if (node instanceof MapNode m) {
            m.setTag("");
            for (String k : new ArrayList<>(m.entries().keySet())) {
                if (RESET.equals(m.get(k).tag())) {
                    m.remove(k);
                } else {
                    m.entries().put(k, clean(m.get(k)));
                }
            }
        } else if (node instanceof SeqNode s) {
            s.setTag("");
            s.items().removeIf(i -> RESET.equals(i.tag()));
            s.items().replaceAll(OverrideMerger::clean);
        } else if (node instanceof ScalarNode sc && !sc.tag().isEmpty()) {
            return new ScalarNode(sc.location(), "", sc.value(), sc.kind());
        }
        return node;
    }

    private static Node mergeValues(Node b, Node o, String p) {
        if (b instanceof MapNode bm && o instanceof MapNode om) {
            if (matches(p, "services.*.logging") && !Objects.equals(bm.text("driver"), om.text("driver"))
                    && bm.has("driver") && om.has("driver")) {
                return clean(om);
            }
            merge(bm, om, p);
            return bm;
        }
        if (b instanceof SeqNode bs && o instanceof SeqNode os) {
            if (matches(p, "networks.*.ipam.config")) {
                return ipamConfig(bs, os);
            }
            clean(os);
            bs.items().addAll(os.items());
            return bs;
        }
        if (o instanceof ScalarNode sc && sc.isNull() && !(b instanceof ScalarNode)) {
            return b; // "key:" with no value in an override keeps the base value
        }
        return clean(o);
    }

    private static Node ipamConfig(SeqNode base, SeqNode over) {
        for (Node o : over.items()) {
            String subnet = o instanceof MapNode om ? om.text("subnet") : null;
            MapNode same = null;
            for (Node b : base.items()) {
                if (b instanceof MapNode bm && subnet != null && subnet.equals(bm.text("subnet"))) {
                    same = bm;
                }
            }
            if (same != null) {
                merge(same, (MapNode) o, "networks.*.ipam.config.*");
            } else {
                base.items().add(clean(o));
            }
        }
        return base;
    }

    private static boolean replaced(String path) {
        return REPLACED.stream().anyMatch(r -> matches(path, r));
    }

    private static int dots(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }

    /** Whether a dotted path matches a pattern whose {@code *} segments match any key. */
    static boolean matches(String path, String pattern) {
        if (dots(path) != dots(pattern)) {
            return false;
        }
        String[] a = path.split("\\.", -1);
        String[] b = pattern.split("\\.", -1);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!b[i].equals("*") && !b[i].equals(a[i])) {
                return false;
            }
        }
        return true;
    }
}
