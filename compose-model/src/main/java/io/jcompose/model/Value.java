package io.jcompose.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A canonical compose value: the fully loaded, normalised tree that {@code jcompose config} prints.
 * Maps keep the order Compose prints (attribute order for objects, sorted keys for dictionaries).
 */
public sealed interface Value permits Value.Str, Value.Int, Value.Num, Value.Bool, Value.Null, Value.Seq,
        Value.Dict, Value.JsonOnly {

    /** A string. */
    record Str(String value) implements Value {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer. */
    record Int(long value) implements Value {}

    /** A floating point number (rendered the way Go renders a float32). */
    record Num(double value) implements Value {}

    /** A boolean. */
    record Bool(boolean value) implements Value {}

    /** An explicit null, for example {@code networks: {default: null}}. */
    record Null() implements Value {}

    /** A sequence. */
    record Seq(List<Value> items) implements Value {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /**
     * A mapping in print order. {@code object} tells a compose object (whose {@code x-} keys are
     * dropped from JSON, as Compose does) from a free dictionary such as labels.
     */
    record Dict(Map<String, Value> entries, boolean object) implements Value {
        public Dict {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The value at {@code key}, if present. */
        public Optional<Value> get(String key) {
            Value v = entries.get(key);
            return Optional.ofNullable(v instanceof JsonOnly j ? j.value() : v);
        }

        /** The string at {@code key}, if present and a scalar. */
        public Optional<String> string(String key) {
            return get(key).flatMap(Value::scalarText);
        }

        /** The mapping at {@code key}, if present. */
        public Optional<Dict> dict(String key) {
            return get(key).filter(Dict.class::isInstance).map(Dict.class::cast);
        }

        /** The sequence at {@code key}, or an empty one. */
        public List<Value> seq(String key) {
            return get(key).filter(Seq.class::isInstance).map(v -> ((Seq) v).items()).orElse(List.of());
        }
    }

    /** A value printed only in JSON output (Go's encoding/json keeps fields that YAML omits). */
    record JsonOnly(Value value) implements Value {}

    /** The text of a scalar ({@code Str}, {@code Int}, {@code Num}, {@code Bool}); empty otherwise. */
    default Optional<String> scalarText() {
        if (this instanceof Str s) {
            return Optional.of(s.value());
        }
        if (this instanceof Int i) {
            return Optional.of(Long.toString(i.value()));
        }
        if (this instanceof Bool b) {
            return Optional.of(Boolean.toString(b.value()));
        }
        if (this instanceof Num n) {
            return Optional.of(GoFloats.format(n.value()));
        }
        return Optional.empty();
    }

    /** The strings of a sequence of scalars. */
    static List<String> strings(List<Value> items) {
        return items.stream().map(v -> v.scalarText().orElse("")).toList();
    }
}
