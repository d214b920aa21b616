package io.jcompose.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Null-to-empty normalisation for the compact constructors of the API values (JSON may omit any field). */
final class Defaults {
    private Defaults() {}

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(value));
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(value));
    }

    static <T> Optional<T> opt(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    static String str(String value) {
        return value == null ? "" : value;
    }
}
