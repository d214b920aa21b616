package io.jcompose.engine.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Docker's {@code filters} query parameter: a key (label, name, status, ...) to the values asked for.
 * Values of one key are alternatives; different keys must all match.
 */
public record Filters(Map<String, List<String>> values) {
    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        if (values != null) {
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** A filter with one key and its values. */
    public static Filters of(String key, String... wanted) {
        return NONE.with(key, wanted);
    }

    /** A copy with {@code key} asking for {@code wanted} as well. */
    public Filters with(String key, String... wanted) {
        TreeMap<String, List<String>> copy = new TreeMap<>(values);
        List<String> merged = new java.util.ArrayList<>(copy.getOrDefault(key, List.of()));
        merged.addAll(List.of(wanted));
        copy.put(key, merged);
        return new Filters(copy);
    }

    /** The values of {@code key}, empty when it is not asked for. */
    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The first value of {@code key}. */
    public Optional<String> first(String key) {
        return get(key).stream().findFirst();
    }

    /**
     * Whether {@code labels} satisfy every {@code label} filter: {@code key} (present) or {@code key=value}.
     * {@code key!=value} (API 1.46+) is accepted too.
     */
    public boolean labelsMatch(String filterKey, Map<String, String> labels) {
        for (String wanted : get(filterKey)) {
            int ne = wanted.indexOf("!=");
            int eq = wanted.indexOf('=');
            if (ne > 0 && ne < eq) {
                String k = wanted.substring(0, ne);
                if (wanted.substring(ne + 2).equals(labels.get(k))) {
                    return false;
                }
            } else if (eq < 0) {
                if (!labels.containsKey(wanted)) {
                    return false;
                }
            } else if (!wanted.substring(eq + 1).equals(labels.get(wanted.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    /** Throws a 400 naming the first key that is not in {@code supported}, as Docker does. */
    public void requireOnly(String... supported) {
        List<String> ok = List.of(supported);
        for (String key : values.keySet()) {
            if (!ok.contains(key)) {
                throw new EngineException.BadRequest("invalid filter '" + key + "'");
            }
        }
    }
}
