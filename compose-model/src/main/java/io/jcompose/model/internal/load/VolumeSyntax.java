package io.jcompose.model.internal.load;

import io.jcompose.model.SourceLocation;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The short volume syntax {@code [SOURCE:]TARGET[:OPTIONS]} to the long form Compose prints:
 * paths starting with {@code .}, {@code /} or {@code ~} are binds (which create the host path),
 * anything else names a volume.
 */
public final class VolumeSyntax {
    private static final List<String> PROPAGATIONS =
            List.of("rprivate", "private", "rshared", "shared", "rslave", "slave");

    /** A short volume that does not parse. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private VolumeSyntax() {}

    /** Parses {@code spec} into a long-form mapping located at {@code at}. */
    public static MapNode parse(String spec, SourceLocation at) {
        if (spec.isEmpty()) {
            throw new Invalid("invalid empty volume spec");
        }
        List<String> parts = split(spec);
        String source = "";
        String target;
        String options = "";
        if (parts.size() == 1) {
            target = parts.get(0);
        } else if (parts.size() == 2) {
            source = parts.get(0);
            target = parts.get(1);
        } else if (parts.size() == 3) {
            source = parts.get(0);
            target = parts.get(1);
            options = parts.get(2);
        } else {
            throw new Invalid("invalid spec: " + spec + ": too many colons");
        }
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new Invalid("invalid spec: " + spec + ": empty section between colons");
        }
        boolean bind = !source.isEmpty() && (source.charAt(0) == '.' || source.charAt(0) == '/'
                || source.charAt(0) == '~');
        MapNode out = new MapNode(at);
        out.put("type", ScalarNode.string(at, bind ? "bind" : "volume"));
        if (!source.isEmpty()) {
            out.put("source", ScalarNode.string(at, source));
        }
        out.put("target", ScalarNode.string(at, target));
        MapNode bindNode = new MapNode(at);
        MapNode volumeNode = new MapNode(at);
        for (String option : options.isEmpty() ? new String[0] : options.split(",")) {
            if (option.equals("ro")) {
                out.put("read_only", ScalarNode.bool(at, true));
            } else if (option.equals("nocopy")) {
                volumeNode.put("nocopy", ScalarNode.bool(at, true));
            } else if (PROPAGATIONS.contains(option)) {
                bindNode.put("propagation", ScalarNode.string(at, option));
            } else if (option.equals("z") || option.equals("Z")) {
                bindNode.put("selinux", ScalarNode.string(at, option));
            } else if (!option.equals("rw") && !List.of("cached", "delegated", "consistent").contains(option)) {
                throw new Invalid("invalid spec: " + spec + ": unknown option \"" + option + "\"");
            }
        }
        if (bind) {
            bindNode.put("create_host_path", ScalarNode.bool(at, true));
            out.put("bind", bindNode);
        } else {
            out.put("volume", volumeNode);
        }
        return out;
    }

    /** Splits on ':' outside of ${...}, keeping a Windows drive letter with its path. */
    private static List<String> split(String spec) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '$' && i + 1 < spec.length() && spec.charAt(i + 1) == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
            if (c == ':' && depth == 0 && !(cur.length() == 1 && Character.isLetter(cur.charAt(0))
                    && i + 1 < spec.length() && (spec.charAt(i + 1) == '\\' || spec.charAt(i + 1) == '/'))) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
