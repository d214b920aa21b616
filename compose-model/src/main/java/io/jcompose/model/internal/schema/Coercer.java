package io.jcompose.model.internal.schema;

import io.jcompose.model.Diagnostic;
import io.jcompose.model.KeyPath;
import io.jcompose.model.Value;
import io.jcompose.model.internal.yaml.MapNode;
import io.jcompose.model.internal.yaml.Node;
import io.jcompose.model.internal.yaml.ScalarNode;
import io.jcompose.model.internal.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Checks a canonical node tree against a {@link Shape} and converts it to {@link Value}s: unknown
 * attributes and wrong types become diagnostics (all of them, with locations), scalars take the
 * types Compose gives them, objects take Compose's attribute order and drop empty attributes the
 * way Compose's output does.
 */
public final class Coercer {
    private static final java.util.regex.Pattern OCTAL = java.util.regex.Pattern.compile("0[0-7]+");
    private final List<Diagnostic> problems;
    private final boolean lenient;

    /** {@code lenient}: accept uninterpolated {@code ${...}} strings anywhere (for {@code --no-interpolate}). */
    public Coercer(List<Diagnostic> problems, boolean lenient) {
        this.problems = problems;
        this.lenient = lenient;
    }

    /** Converts {@code node}; empty when it has no printable value or is invalid. */
    public Optional<Value> coerce(Node node, Shape shape, KeyPath path) {
        Shape sh = shape.resolved();
        if (lenient && node instanceof ScalarNode raw && raw.kind() == ScalarNode.Kind.STRING
                && raw.value().contains("$")) {
            return Optional.of(new Value.Str(raw.value()));
        }
        if (sh instanceof Shape.Any) {
            return Optional.of(any(node));
        }
        if (sh instanceof Shape.Scalar sc) {
            return scalar(node, sc.type(), path);
        }
        if (sh instanceof Shape.Ulimit) {
            return ulimit(node, path);
        }
        if (sh instanceof Shape.Hosts && node instanceof MapNode hosts) {
            List<String> lines = new ArrayList<>();
            hosts.entries().forEach((host, ips) -> {
                if (ips instanceof SeqNode list) {
                    list.items().forEach(ip -> scalar(ip, Shape.Type.TEXT, path.key(host))
                            .ifPresent(v -> lines.add(host + "=" + v.scalarText().orElse(""))));
                }
            });
            java.util.Collections.sort(lines);
            return Optional.of(new Value.Seq(lines.stream().<Value>map(Value.Str::new).toList()));
        }
        if (node instanceof ScalarNode s && s.isNull()) {
            return Optional.empty();
        }
        if (sh instanceof Shape.Seq seq) {
            if (!(node instanceof SeqNode list)) {
                return wrongType(node, path, "a list");
            }
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                coerce(list.items().get(i), seq.item(), path.index(i)).ifPresent(items::add);
            }
            return Optional.of(new Value.Seq(items));
        }
        if (!(node instanceof MapNode map)) {
            return wrongType(node, path, "a mapping");
        }
        if (sh instanceof Shape.Dict d) {
            TreeMap<String, Value> sorted = new TreeMap<>(GoKeyOrder.INSTANCE);
            map.entries().forEach((k, v) -> {
                if (v instanceof ScalarNode s && s.isNull() && d.nullable()) {
                    sorted.put(k, new Value.Null());
                } else if (v instanceof ScalarNode s && s.isNull() && d.value().resolved() instanceof Shape.Scalar t
                        && t.type() == Shape.Type.TEXT) {
                    sorted.put(k, new Value.Str("")); // "label:" with no value is an empty label
                } else {
                    coerce(v, d.value(), path.key(k)).ifPresent(x -> sorted.put(k, x));
                }
            });
            return Optional.of(new Value.Dict(sorted, false));
        }
        return Optional.of(object(map, (Shape.Obj) sh, path));
    }

    /** Converts a mapping against an object shape. */
    public Value.Dict object(MapNode map, Shape.Obj shape, KeyPath path) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String key : map.entries().keySet()) {
            if (!shape.fields().containsKey(key) && !(shape.extensions() && key.startsWith("x-"))
                    && shape.name().equals("project")) {
                String near = Suggestions.hint(key, Shape.names(shape), "project");
                problems.add(Diagnostic.error(map.keyLocation(key), KeyPath.root().key(key), "unknown top-level key",
                        near.startsWith("did you mean") ? near
                                : "services belong under \"services:\"; check the indentation of \"" + key + "\""));
            } else if (!shape.fields().containsKey(key) && !(shape.extensions() && key.startsWith("x-"))) {
                problems.add(Diagnostic.error(map.keyLocation(key), path,
                        "additional property \"" + key + "\" is not allowed",
                        Suggestions.hint(key, Shape.names(shape), shape.name())));
            }
        }
        for (Shape.Field field : shape.fields().values()) {
            Node n = map.get(field.name());
            if (n == null) {
                if (field.jsonAlways()) {
                    out.put(field.name(), new Value.JsonOnly(field.shape().resolved() instanceof Shape.Obj
                            ? new Value.Dict(Map.of(), true) : new Value.Null()));
                }
                continue;
            }
            Optional<Value> v = coerce(n, field.shape(), path.key(field.name()));
            if (v.isPresent() && (field.keepZero() || !isZero(v.get()))) {
                out.put(field.name(), v.get());
            } else if (field.jsonAlways()) {
                out.put(field.name(), new Value.JsonOnly(v.orElse(new Value.Null())));
            }
        }
        TreeMap<String, Value> extensions = new TreeMap<>(GoKeyOrder.INSTANCE);
        map.entries().forEach((k, v) -> {
            if (k.startsWith("x-") && shape.extensions()) {
                extensions.put(k, any(v));
            }
        });
        out.putAll(extensions);
        return new Value.Dict(out, true);
    }

    private static boolean isZero(Value v) {
        return v instanceof Value.Null
                || (v instanceof Value.Str s && s.value().isEmpty())
                || (v instanceof Value.Int i && i.value() == 0)
                || (v instanceof Value.Num n && n.value() == 0)
                || (v instanceof Value.Bool b && !b.value())
                || (v instanceof Value.Seq s && s.items().isEmpty())
                || (v instanceof Value.Dict d && d.entries().values().stream().allMatch(Value.JsonOnly.class::isInstance));
    }

    /** Extension content: kept as written, typed by YAML. */
    public static Value any(Node node) {
        if (node instanceof MapNode m) {
            TreeMap<String, Value> sorted = new TreeMap<>(GoKeyOrder.INSTANCE);
            m.entries().forEach((k, v) -> sorted.put(k, any(v)));
            return new Value.Dict(sorted, false);
        }
        if (node instanceof SeqNode s) {
            return new Value.Seq(s.items().stream().map(Coercer::any).toList());
        }
        ScalarNode sc = (ScalarNode) node;
        return switch (sc.kind()) {
            case NULL -> new Value.Null();
            case BOOL -> new Value.Bool(sc.value().equalsIgnoreCase("true"));
            case INT -> parseLong(sc.value()).<Value>map(Value.Int::new).orElse(new Value.Str(sc.value()));
            case FLOAT -> new Value.Num(parseFloat(sc.value()));
            case STRING -> new Value.Str(sc.value());
        };
    }

    private Optional<Value> ulimit(Node node, KeyPath path) {
        if (node instanceof MapNode m && !m.has("single")) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (String k : m.entries().keySet()) {
                if (!k.equals("soft") && !k.equals("hard") && !k.startsWith("x-")) {
                    problems.add(Diagnostic.error(m.keyLocation(k), path, "additional property \"" + k
                            + "\" is not allowed", "an ulimit has \"soft\" and \"hard\""));
                }
            }
            for (String k : List.of("soft", "hard")) {
                if (!m.has(k)) {
                    problems.add(Diagnostic.error(m.location(), path, "\"" + k + "\" is required"));
                    continue;
                }
                scalar(m.get(k), Shape.Type.INT, path.key(k)).ifPresent(v -> out.put(k, v));
            }
            return Optional.of(new Value.Dict(out, true));
        }
        Node single = node instanceof MapNode m ? m.get("single") : node;
        return scalar(single, Shape.Type.INT, path);
    }

    private Optional<Value> scalar(Node node, Shape.Type type, KeyPath path) {
        if (type == Shape.Type.COMMAND && node instanceof SeqNode seq) {
            return Optional.of(texts(seq, path));
        }
        if (type == Shape.Type.HEALTH_TEST && node instanceof SeqNode seq) {
            return Optional.of(texts(seq, path));
        }
        if (!(node instanceof ScalarNode sc)) {
            return wrongType(node, path, expected(type));
        }
        if (sc.isNull()) {
            return Optional.empty();
        }
        String text = sc.value();
        boolean str = sc.kind() == ScalarNode.Kind.STRING;
        switch (type) {
            case STR:
                return str ? Optional.of(new Value.Str(text)) : wrongType(node, path, "a string");
            case TEXT:
                return Optional.of(new Value.Str(sc.kind() == ScalarNode.Kind.FLOAT
                        ? io.jcompose.model.GoFloats.format(parseFloat(text)) : text));
            case STR_OR_INT:
                return str ? Optional.of(new Value.Str(text)) : integer(sc, path);
            case INT:
                return integer(sc, path);
            case FLOAT:
            case CPUS:
                try {
                    return Optional.of(new Value.Num(parseFloat(text)));
                } catch (NumberFormatException e) {
                    return wrongType(node, path, "a number");
                }
            case BOOL:
                if (sc.kind() == ScalarNode.Kind.BOOL || (str && List.of("true", "false").contains(text.toLowerCase()))) {
                    return Optional.of(new Value.Bool(text.equalsIgnoreCase("true")));
                }
                return wrongType(node, path, "a boolean");
            case DURATION: {
                OptionalLong d = str ? GoDuration.parse(text) : OptionalLong.empty();
                if (d.isEmpty()) {
                    return invalid(sc, path, "\"" + text + "\" is not a duration", "write a duration such as \"1m30s\"");
                }
                return Optional.of(new Value.Str(GoDuration.format(d.getAsLong())));
            }
            case BYTES: {
                OptionalLong b = ByteSize.parse(text);
                if (b.isEmpty() || sc.kind() == ScalarNode.Kind.BOOL) {
                    return invalid(sc, path, "\"" + text + "\" is not a byte size", "write a size such as \"512m\" or \"1g\"");
                }
                return Optional.of(new Value.Str(Long.toString(b.getAsLong())));
            }
            case FILE_MODE: {
                Optional<Long> mode = parseMode(text);
                if (mode.isEmpty()) {
                    return invalid(sc, path, "\"" + text + "\" is not a file mode", "write an octal mode such as 0440");
                }
                return Optional.of(new Value.Str("0" + Long.toOctalString(mode.get())));
            }
            case OCTAL_INT: {
                Optional<Long> v = OCTAL.matcher(text.strip()).matches() ? parseMode(text) : parseLong(text);
                return v.isPresent() ? Optional.of(new Value.Int(v.get())) : wrongType(sc, path, "an integer");
            }
            case COMMAND: {
                Optional<List<String>> words = ShellWords.split(text);
                if (words.isEmpty()) {
                    return invalid(sc, path, "unterminated quote in \"" + text + "\"", "close the quote or use the list form");
                }
                return Optional.of(new Value.Seq(words.get().stream().<Value>map(Value.Str::new).toList()));
            }
            case HEALTH_TEST:
                return Optional.of(new Value.Seq(List.of(new Value.Str("CMD-SHELL"), new Value.Str(text))));
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private Value texts(SeqNode seq, KeyPath path) {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Node n = seq.items().get(i);
            if (n instanceof ScalarNode s && !s.isNull()) {
                items.add(new Value.Str(s.value()));
            } else {
                wrongType(n, path.index(i), "a string");
            }
        }
        return new Value.Seq(items);
    }

    private Optional<Value> integer(ScalarNode sc, KeyPath path) {
        Optional<Long> v = sc.kind() == ScalarNode.Kind.INT || sc.kind() == ScalarNode.Kind.STRING
                ? parseLong(sc.value()) : Optional.empty();
        return v.isPresent() ? Optional.of(new Value.Int(v.get())) : wrongType(sc, path, "an integer");
    }

    private static Optional<Long> parseLong(String text) {
        String t = text.strip().replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Optional.of(Long.parseLong(t.substring(2), 16));
            }
            if (t.startsWith("0o")) {
                return Optional.of(Long.parseLong(t.substring(2), 8));
            }
            return Optional.of(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseMode(String text) {
        String t = text.strip();
        try {
            if (t.startsWith("0o")) {
                return Optional.of(Long.parseLong(t.substring(2), 8));
            }
            return Optional.of(Long.parseLong(t, 8));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double parseFloat(String text) {
        String t = text.strip().toLowerCase();
        if (t.endsWith(".inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    private static String expected(Shape.Type type) {
        return switch (type) {
            case INT -> "an integer";
            case BOOL -> "a boolean";
            case FLOAT, CPUS -> "a number";
            case COMMAND, HEALTH_TEST -> "a string or a list of strings";
            default -> "a string";
        };
    }

    private Optional<Value> wrongType(Node node, KeyPath path, String expected) {
        problems.add(Diagnostic.error(node.location(), path, "must be " + expected + ", not a " + node.kindName()));
        return Optional.empty();
    }

    private Optional<Value> invalid(ScalarNode node, KeyPath path, String message, String hint) {
        problems.add(Diagnostic.error(node.location(), path, message, hint));
        return Optional.empty();
    }
}
