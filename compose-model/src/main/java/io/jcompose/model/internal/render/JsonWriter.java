package io.jcompose.model.internal.render;

import io.jcompose.model.GoFloats;
import io.jcompose.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Value}s as JSON the way Go's {@code json.MarshalIndent(v, "", "  ")} does for the
 * Compose types: object attributes in declaration order without {@code x-} extensions, dictionary
 * keys sorted, HTML characters escaped, no trailing newline.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean compact;
    private final int step;
    private final boolean escapeHtml;

    private JsonWriter(boolean compact) {
        this(compact, 2, true);
    }

    private JsonWriter(boolean compact, int step, boolean escapeHtml) {
        this.compact = compact;
        this.step = step;
        this.escapeHtml = escapeHtml;
    }

    /** JSON as docker's CLI formatter writes it: 4-space indent, HTML characters not escaped. */
    public static String writeStandard(Value v) {
        JsonWriter w = new JsonWriter(false, 4, false);
        w.value(v, 0);
        return w.out.toString();
    }

    /** Compact JSON as Go's {@code json.Marshal} writes it (for hashes). */
    public static String writeCompact(Value v) {
        JsonWriter w = new JsonWriter(true);
        w.value(v, 0);
        return w.out.toString();
    }

    /** JSON for the top-level project: its keys sorted (Compose builds it from a Go map). */
    public static String writeProject(Value.Dict root) {
        JsonWriter w = new JsonWriter(false);
        w.value(new Value.Dict(root.entries(), false), 0);
        return w.out.toString();
    }

    /** JSON for any value. */
    public static String write(Value v) {
        JsonWriter w = new JsonWriter(false);
        w.value(v, 0);
        return w.out.toString();
    }

    private void value(Value v, int indent) {
        if (v instanceof Value.JsonOnly j) {
            value(j.value(), indent);
        } else if (v instanceof Value.Dict d) {
            List<Map.Entry<String, Value>> entries = new ArrayList<>(d.entries().entrySet());
            if (d.object()) {
                entries.removeIf(e -> e.getKey().startsWith("x-"));
            } else {
                entries.sort(Map.Entry.comparingByKey());
            }
            if (entries.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append(compact ? "{" : "{\n");
            for (int i = 0; i < entries.size(); i++) {
                pad(indent + step);
                string(entries.get(i).getKey());
                out.append(compact ? ":" : ": ");
                value(entries.get(i).getValue(), indent + step);
                out.append(i + 1 < entries.size() ? "," : "").append(compact ? "" : "\n");
            }
            pad(indent);
            out.append('}');
        } else if (v instanceof Value.Seq s) {
            if (s.items().isEmpty()) {
                out.append("[]");
                return;
            }
            out.append(compact ? "[" : "[\n");
            for (int i = 0; i < s.items().size(); i++) {
                pad(indent + step);
                value(s.items().get(i), indent + step);
                out.append(i + 1 < s.items().size() ? "," : "").append(compact ? "" : "\n");
            }
            pad(indent);
            out.append(']');
        } else if (v instanceof Value.Str s) {
            string(s.value());
        } else if (v instanceof Value.Int i) {
            out.append(i.value());
        } else if (v instanceof Value.Num n) {
            out.append(GoFloats.formatJson(n.value()));
        } else if (v instanceof Value.Bool b) {
            out.append(b.value());
        } else {
            out.append("null");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> {
                    if (escapeHtml) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void pad(int n) {
        if (!compact) {
            out.append(" ".repeat(n));
        }
    }
}
