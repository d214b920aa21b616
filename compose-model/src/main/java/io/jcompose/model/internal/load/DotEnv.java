package io.jcompose.model.internal.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses {@code .env} and {@code env_file} files the way Compose does: {@code KEY=VALUE},
 * optional {@code export}, single quotes (literal), double quotes (escapes, multi-line,
 * interpolation), unquoted values with {@code #} comments and interpolation, and a bare {@code KEY}
 * that inherits from the environment.
 */
public final class DotEnv {
    /** A line that cannot be parsed; {@code line} is 1-based. */
    public static final class Failure extends RuntimeException {
        private final int line;

        Failure(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-\\[\\]]*");
    private final String text;
    private final Function<String, Optional<String>> lookup;
    private final Map<String, String> out = new LinkedHashMap<>();
    private int pos;
    private int line = 1;

    private DotEnv(String text, Function<String, Optional<String>> lookup) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.lookup = lookup;
    }

    /** Parses {@code text}; variables are resolved from earlier lines, then {@code lookup}. */
    public static Map<String, String> parse(String text, Function<String, Optional<String>> lookup) {
        DotEnv p = new DotEnv(text, lookup);
        p.run();
        return p.out;
    }

    private void run() {
        while (pos < text.length()) {
            skipBlank();
            if (pos >= text.length()) {
                break;
            }
            if (text.charAt(pos) == '#') {
                skipLine();
                continue;
            }
            int keyLine = line;
            String key = key();
            if (key.startsWith("export ") || key.startsWith("export\t")) {
                key = key.substring(7).strip();
            }
            if (key.isEmpty() || !KEY.matcher(key).matches()) {
                throw new Failure(keyLine, "unexpected character in variable name \"" + key + "\"");
            }
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '#') {
                String k = key;
                lookup.apply(k).or(() -> Optional.ofNullable(out.get(k))).ifPresent(v -> out.put(k, v));
                skipLine();
                continue;
            }
            pos++; // '=' or ':'
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
            out.put(key, value(keyLine));
        }
    }

    private String key() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '=' && text.charAt(pos) != ':' && text.charAt(pos) != '\n'
                && text.charAt(pos) != '#') {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private String value(int keyLine) {
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            char q = text.charAt(pos++);
            StringBuilder v = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != q) {
                char c = text.charAt(pos++);
                if (c == '\n') {
                    line++;
                }
                if (q == '"' && c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n' -> v.append('\n');
                        case 'r' -> v.append('\r');
                        case 't' -> v.append('\t');
                        default -> v.append(e == '$' ? "$$" : String.valueOf(e));
                    }
                } else {
                    v.append(c == '$' && q == '\'' ? "$$" : String.valueOf(c));
                }
            }
            if (pos >= text.length()) {
                throw new Failure(keyLine, "unterminated quoted value");
            }
            pos++;
            skipLine();
            return expand(v.toString(), keyLine);
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            if (text.charAt(pos) == '#' && pos > start && Character.isWhitespace(text.charAt(pos - 1))) {
                break;
            }
            pos++;
        }
        String raw = text.substring(start, pos).strip();
        skipLine();
        return expand(raw, keyLine);
    }

    private String expand(String raw, int keyLine) {
        try {
            // as Compose: the outside environment first, then the lines read so far
            return Template.substitute(raw, k -> lookup.apply(k).or(() -> Optional.ofNullable(out.get(k))), k -> { });
        } catch (Template.Failure e) {
            throw new Failure(keyLine, e.getMessage());
        }
    }

    private void skipBlank() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            if (text.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    private void skipLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }
}
