package io.jcompose.model.internal.render;

import io.jcompose.model.GoFloats;
import io.jcompose.model.Value;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes {@link Value}s as YAML the way go-yaml v3 does with an indent of 2, which is what
 * {@code docker compose config} prints: block style, nested sequences indented, strings quoted
 * only when they would read back as something else, literal blocks for multi-line strings.
 */
public final class YamlWriter {
    private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern BASE60 = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$");
    private static final Pattern PREFIXED_INT = Pattern.compile("0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+");
    private static final java.util.Set<String> SPECIAL = java.util.Set.of("", "~", "null", "Null", "NULL", "true",
            "True", "TRUE", "false", "False", "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
            "on", "On", "ON", "off", "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
            "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<");

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {}

    /** The YAML document for {@code root}, ending with a newline. */
    public static String write(Value.Dict root) {
        YamlWriter w = new YamlWriter();
        w.mapping(root, 0);
        return w.out.toString();
    }

    private void mapping(Value.Dict map, int indent) {
        for (Map.Entry<String, Value> e : map.entries().entrySet()) {
            Value v = e.getValue();
            if (v instanceof Value.JsonOnly) {
                continue;
            }
            pad(indent);
            out.append(scalarText(e.getKey())).append(':');
            value(v, indent);
        }
    }

    /** Writes a value after "key:" or "- " (the cursor is just after the indicator). */
    private void value(Value v, int indent) {
        if (v instanceof Value.Dict d && visible(d) > 0) {
            out.append('\n');
            mapping(d, indent + 2);
        } else if (v instanceof Value.Seq s && !s.items().isEmpty()) {
            out.append('\n');
            sequence(s, indent + 2);
        } else {
            out.append(' ');
            inline(v, indent);
        }
    }

    private void sequence(Value.Seq seq, int indent) {
        for (Value item : seq.items()) {
            pad(indent);
            out.append('-');
            if (item instanceof Value.Dict d && visible(d) > 0) {
                out.append(' ');
                boolean first = true;
                for (Map.Entry<String, Value> e : d.entries().entrySet()) {
                    if (e.getValue() instanceof Value.JsonOnly) {
                        continue;
                    }
                    if (!first) {
                        pad(indent + 2);
                    }
                    first = false;
                    out.append(scalarText(e.getKey())).append(':');
                    value(e.getValue(), indent + 2);
                }
            } else if (item instanceof Value.Seq s && !s.items().isEmpty()) {
                out.append('\n');
                sequence(s, indent + 2);
            } else {
                out.append(' ');
                inline(item, indent);
            }
        }
    }

    private static long visible(Value.Dict d) {
        return d.entries().values().stream().filter(v -> !(v instanceof Value.JsonOnly)).count();
    }

    private void inline(Value v, int indent) {
        if (v instanceof Value.Dict) {
            out.append("{}\n");
        } else if (v instanceof Value.Seq) {
            out.append("[]\n");
        } else if (v instanceof Value.Null) {
            out.append("null\n");
        } else if (v instanceof Value.Bool b) {
            out.append(b.value()).append('\n');
        } else if (v instanceof Value.Int i) {
            out.append(i.value()).append('\n');
        } else if (v instanceof Value.Num n) {
            out.append(GoFloats.format(n.value())).append('\n');
        } else if (v instanceof Value.Str s) {
            string(s.value(), indent);
        }
    }

    private void string(String s, int indent) {
        if (s.indexOf('\n') >= 0 && literalAllowed(s)) {
            String chomp = s.endsWith("\n\n") ? "+" : s.endsWith("\n") ? "" : "-";
            out.append('|').append(chomp).append('\n');
            String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            for (String line : body.split("\n", -1)) {
                if (!line.isEmpty()) {
                    pad(indent + 2);
                    out.append(line);
                }
                out.append('\n');
            }
            return;
        }
        out.append(scalarText(s)).append('\n');
    }

    private static boolean literalAllowed(String s) {
        return !s.startsWith(" ") && !s.startsWith("\n") && s.chars().allMatch(c -> c == '\n' || printable(c))
                && !s.contains(" \n");
    }

    /** A string scalar as go-yaml writes it on one line: plain, single- or double-quoted. */
    public static String scalarText(String s) {
        if (resolvesToOther(s) || !s.chars().allMatch(YamlWriter::printable) || s.indexOf('\n') >= 0) {
            return doubleQuoted(s);
        }
        if (plainAllowed(s)) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }

    private static boolean resolvesToOther(String s) {
        if (SPECIAL.contains(s)) {
            return true;
        }
        char first = s.charAt(0);
        if ((first < '0' || first > '9') && first != '-' && first != '+' && first != '.') {
            return false; // every number, timestamp and sexagesimal form starts with one of these
        }
        if (BASE60.matcher(s).matches() || TIMESTAMP.matcher(s).matches()) {
            return true;
        }
        String plain = s.replace("_", "");
        if (FLOAT.matcher(plain).matches()) {
            return true;
        }
        String body = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
        return PREFIXED_INT.matcher(body).matches();
    }

    private static boolean plainAllowed(String s) {
        char first = s.charAt(0);
        if (" \t".indexOf(first) >= 0 || " \t".indexOf(s.charAt(s.length() - 1)) >= 0) {
            return false;
        }
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
            return false;
        }
        if ("-?:".indexOf(first) >= 0 && (s.length() == 1 || s.charAt(1) == ' ')) {
            return false;
        }
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        return !s.contains(": ") && !s.contains(" #") && !s.endsWith(":") && s.indexOf('\t') < 0;
    }

    private static boolean printable(int c) {
        return c == 0xA || (c >= 0x20 && c <= 0x7E) || c == 0x85
                || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF)
                || Character.isSurrogate((char) c);
    }

    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 0 -> b.append("\\0");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private void pad(int n) {
        out.append(" ".repeat(n));
    }
}
