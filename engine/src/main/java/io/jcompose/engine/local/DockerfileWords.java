package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words of a Dockerfile instruction's arguments as moby's shell lexer reads them: double and single quotes
 * group and are removed, a backslash escapes the next character, and {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-word}} and {@code ${NAME:+word}} are replaced from the environment given (outside single quotes;
 * an unset name is empty). A null environment expands nothing.
 */
final class DockerfileWords {
    private final String text;
    private final Map<String, String> env;
    private final boolean split;
    private int i;

    private DockerfileWords(String text, Map<String, String> env, boolean split) {
        this.text = text;
        this.env = env;
        this.split = split;
    }

    /** The words of {@code text}, split at unquoted blanks. */
    static List<String> split(String text, Map<String, String> env) {
        return new DockerfileWords(text, env, true).scan();
    }

    /** {@code text} as one word (blanks kept), as moby's ProcessWord reads USER, WORKDIR and STOPSIGNAL. */
    static String word(String text, Map<String, String> env) {
        List<String> w = new DockerfileWords(text, env, false).scan();
        return w.isEmpty() ? "" : w.get(0);
    }

    private List<String> scan() {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && split && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                w.append(text.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '$' && quote != '\'' && env != null) {
                w.append(variable());
            } else {
                w.append(c);
            }
        }
        if (quote != 0) {
            throw new EngineException.BadRequest("unexpected end of statement while looking for matching " + quote);
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    /** At a '$': the value it stands for; {@link #i} ends on the last character read. */
    private String variable() {
        int start = i + 1;
        if (start < text.length() && text.charAt(start) == '{') {
            int close = text.indexOf('}', start);
            if (close < 0) {
                throw new EngineException.BadRequest("missing '}' in \"" + text + "\"");
            }
            String inside = text.substring(start + 1, close);
            i = close;
            int colon = inside.indexOf(':');
            String name = colon < 0 ? inside : inside.substring(0, colon);
            String value = env.get(name);
            if (colon < 0) {
                return value == null ? "" : value;
            }
            String modifier = inside.substring(colon + 1);
            String alternative = modifier.length() > 1 ? word(modifier.substring(1), env) : "";
            if (modifier.startsWith("-")) {
                return value == null || value.isEmpty() ? alternative : value;
            }
            if (modifier.startsWith("+")) {
                return value == null || value.isEmpty() ? "" : alternative;
            }
            throw new EngineException.BadRequest("unsupported modifier (" + modifier + ") in substitution \"" + text + "\"");
        }
        int end = start;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == start || Character.isDigit(text.charAt(start))) {
            return "$";
        }
        i = end - 1;
        String value = env.get(text.substring(start, end));
        return value == null ? "" : value;
    }
}
