package io.jcompose.model.internal.load;

import io.jcompose.model.Variable;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose variable substitution on one string: {@code $V}, {@code ${V}}, {@code ${V:-d}},
 * {@code ${V-d}}, {@code ${V:?e}}, {@code ${V?e}}, {@code ${V:+r}}, {@code ${V+r}}, nested
 * expressions in the default/replacement, and {@code $$} for a literal dollar.
 */
public final class Template {
    /** A substitution that cannot be done; {@code required} tells a {@code ?} error from bad syntax. */
    public static final class Failure extends RuntimeException {
        private final boolean required;

        Failure(String message, boolean required) {
            super(message, null, false, false);
            this.required = required;
        }

        public boolean required() {
            return required;
        }
    }


    private final Function<String, Optional<String>> lookup;
    private final Consumer<String> unset;
    private final Consumer<Variable> seen;
    private final String text;
    private int pos;

    private Template(String text, Function<String, Optional<String>> lookup, Consumer<String> unset,
                     Consumer<Variable> seen) {
        this.text = text;
        this.lookup = lookup;
        this.unset = unset;
        this.seen = seen;
    }

    /** Substitutes {@code text}; {@code unset} hears the names of unset variables that defaulted to "". */
    public static String substitute(String text, Function<String, Optional<String>> lookup, Consumer<String> unset) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        return new Template(text, lookup, unset, v -> { }).parse(false);
    }

    /** Substitutes against a map of variables. */
    public static String substitute(String text, Map<String, String> env) {
        return substitute(text, k -> Optional.ofNullable(env.get(k)), k -> { });
    }

    /** Reports every variable {@code text} refers to, without substituting. */
    public static void variables(String text, Consumer<Variable> into) {
        if (text.indexOf('$') >= 0) {
            new Template(text, k -> Optional.empty(), k -> { }, into).parse(false);
        }
    }

    private String parse(boolean nested) {
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (nested && c == '}') {
                return out.toString();
            }
            if (c != '$') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                out.append('$');
                pos++;
            } else if (text.charAt(pos + 1) == '$') {
                out.append('$');
                pos += 2;
            } else if (text.charAt(pos + 1) == '{') {
                pos += 2;
                out.append(braced());
            } else if (isNameStart(text.charAt(pos + 1))) {
                pos++;
                String name = name();
                seen.accept(new Variable(name, false, "", ""));
                out.append(value(name).orElseGet(() -> blank(name)));
            } else {
                out.append('$'); // like Compose, "$1" or "$ " is not a reference and stays as written
                pos++;
            }
        }
        if (nested) {
            throw invalid();
        }
        return out.toString();
    }

    private String braced() {
        String name = name();
        if (name.isEmpty() || pos >= text.length()) {
            throw invalid();
        }
        char c = text.charAt(pos);
        if (c == '}') {
            pos++;
            seen.accept(new Variable(name, false, "", ""));
            return value(name).orElseGet(() -> blank(name));
        }
        boolean colon = c == ':';
        if (colon) {
            pos++;
        }
        if (pos >= text.length()) {
            throw invalid();
        }
        char op = text.charAt(pos++);
        if (op != '-' && op != '?' && op != '+') {
            throw invalid();
        }
        String arg = parse(true);
        pos++; // the closing brace
        Optional<String> v = value(name);
        boolean set = colon ? v.filter(s -> !s.isEmpty()).isPresent() : v.isPresent();
        switch (op) {
            case '-':
                seen.accept(new Variable(name, false, arg, ""));
                return set ? v.get() : arg;
            case '+':
                seen.accept(new Variable(name, false, "", arg));
                return set ? arg : "";
            default:
                seen.accept(new Variable(name, true, "", ""));
                if (!set) {
                    throw new Failure("required variable " + name + " is missing a value"
                            + (arg.isEmpty() ? "" : ": " + arg), true);
                }
                return v.get();
        }
    }

    private Optional<String> value(String name) {
        return lookup.apply(name);
    }

    private String blank(String name) {
        unset.accept(name);
        return "";
    }

    private String name() {
        int start = pos;
        if (pos < text.length() && isNameStart(text.charAt(pos))) {
            pos++;
            while (pos < text.length() && (isNameStart(text.charAt(pos)) || Character.isDigit(text.charAt(pos)))) {
                pos++;
            }
        }
        return text.substring(start, pos);
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private Failure invalid() {
        return new Failure("invalid interpolation format \"" + text + "\"", false);
    }
}
