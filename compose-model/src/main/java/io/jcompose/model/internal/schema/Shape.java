package io.jcompose.model.internal.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The expected shape of a canonical compose value: what {@link Coercer} accepts, how it converts
 * scalars, and in which order and with which omissions Compose prints it.
 */
public sealed interface Shape permits Shape.Scalar, Shape.Obj, Shape.Dict, Shape.Seq, Shape.Any, Shape.Lazy,
        Shape.Ulimit, Shape.Hosts {

    /** Scalar conversions. */
    enum Type {
        /** a string (quoted or plain text). */
        STR,
        /** any scalar, printed as a string (labels, environment values). */
        TEXT,
        /** a string or an integer, kept as written. */
        STR_OR_INT,
        INT, FLOAT, BOOL,
        /** a Go duration, printed like {@code 1m30s}. */
        DURATION,
        /** a byte size ({@code 512m}), printed as a decimal string. */
        BYTES,
        /** a string (shell-split) or a list of strings. */
        COMMAND,
        /** a healthcheck test: a string becomes {@code [CMD-SHELL, string]}. */
        HEALTH_TEST,
        /** an octal file mode, printed like {@code 0440}. */
        FILE_MODE,
        /** an integer where a leading 0 means octal (as go-yaml reads it), printed in decimal. */
        OCTAL_INT,
        /** a CPU count: number or string, printed as a number. */
        CPUS
    }

    /** A scalar of the given type. */
    record Scalar(Type type) implements Shape {}

    /** One attribute of a compose object. */
    record Field(String name, Shape shape, boolean keepZero, boolean jsonAlways) {}

    /** A compose object with a fixed set of attributes in print order; {@code x-} keys allowed when {@code extensions}. */
    record Obj(String name, Map<String, Field> fields, boolean extensions) implements Shape {}

    /** A dictionary with free keys (printed sorted); {@code nullable}: values may be null. */
    record Dict(Shape value, boolean nullable) implements Shape {}

    /** A sequence. */
    record Seq(Shape item) implements Shape {}

    /** Anything (extension values). */
    record Any() implements Shape {}

    /** A forward reference, for recursive shapes. */
    record Lazy(Supplier<Shape> target) implements Shape {}

    /** An ulimit: a number or {@code {soft, hard}}. */
    record Ulimit() implements Shape {}

    /** extra_hosts: canonical {@code host: [ip...]}, printed as a sorted {@code host=ip} list. */
    record Hosts() implements Shape {}

    /** Builds an object shape from fields in print order. */
    static Obj obj(String name, Field... fields) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (Field f : fields) {
            m.put(f.name(), f);
        }
        return new Obj(name, m, true);
    }

    /** A field omitted when empty. */
    static Field f(String name, Shape shape) {
        return new Field(name, shape, false, false);
    }

    /** A field Compose prints even when zero (a Go pointer field). */
    static Field keep(String name, Shape shape) {
        return new Field(name, shape, true, false);
    }

    /** A field omitted from YAML when empty, always present in JSON (Go struct or non-omitempty JSON tag). */
    static Field jsonAlways(String name, Shape shape) {
        return new Field(name, shape, false, true);
    }

    static Scalar s(Type t) {
        return new Scalar(t);
    }

    static Seq list(Shape item) {
        return new Seq(item);
    }

    static Dict dict(Shape value) {
        return new Dict(value, false);
    }

    static Dict nullableDict(Shape value) {
        return new Dict(value, true);
    }

    /** The shape itself, resolving forward references. */
    default Shape resolved() {
        return this instanceof Lazy l ? l.target().get().resolved() : this;
    }

    /** Field names of an object shape, for suggestions. */
    static List<String> names(Obj o) {
        return List.copyOf(o.fields().keySet());
    }
}
