package io.jcompose.model;

import java.util.ArrayList;
import java.util.List;

/** A path of keys and indexes into a compose document, rendered as {@code services.web.ports[1]}. */
public record KeyPath(List<String> segments) {
    public KeyPath {
        segments = List.copyOf(segments);
    }

    /** The document root. */
    public static KeyPath root() {
        return new KeyPath(List.of());
    }

    /** Parses a dotted path such as {@code services.web}. */
    public static KeyPath parse(String dotted) {
        return dotted.isEmpty() ? root() : new KeyPath(List.of(dotted.split("\\.")));
    }

    /** This path with one more mapping key. */
    public KeyPath key(String key) {
        List<String> next = new ArrayList<>(segments);
        next.add(key);
        return new KeyPath(next);
    }

    /** This path with one more sequence index. */
    public KeyPath index(int index) {
        List<String> next = new ArrayList<>(segments);
        next.add("[" + index + "]");
        return new KeyPath(next);
    }

    /** The last key, or the empty string at the root. */
    public String last() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String s : segments) {
            if (out.length() > 0 && !s.startsWith("[")) {
                out.append('.');
            }
            out.append(s);
        }
        return out.toString();
    }
}
