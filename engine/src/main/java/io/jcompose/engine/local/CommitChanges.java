package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to an image config (Docker's key names, as in
 * the config blob), as moby's BuildFromConfig does before the result is merged with the container's config. The
 * instructions commit takes: CMD, ENTRYPOINT (which drops a CMD not set by these changes), ENV, EXPOSE, LABEL,
 * ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR (relative to the one before); others are a 400 as with Docker.
 * Values are taken as written: no {@code $VAR} expansion.
 */
final class CommitChanges {
    private static final Set<String> VALID = Set.of("cmd", "entrypoint", "env", "expose", "healthcheck", "label",
            "onbuild", "stopsignal", "user", "volume", "workdir");

    private final ObjectNode config;
    private boolean cmdSet;

    private CommitChanges(ObjectNode config) {
        this.config = config;
    }

    /** Applies {@code changes} (one instruction each) to {@code config} in place. */
    static void apply(ObjectNode config, List<String> changes) {
        CommitChanges c = new CommitChanges(config);
        for (String change : changes) {
            String line = change.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                c.instruction(line);
            }
        }
    }

    private void instruction(String line) {
        int space = indexOfSpace(line);
        String name = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space).strip();
        if (!VALID.contains(name)) {
            throw new EngineException.BadRequest(name + " is not a valid change command");
        }
        if (rest.isEmpty()) {
            throw new EngineException.BadRequest(name.toUpperCase(Locale.ROOT) + " requires at least one argument");
        }
        switch (name) {
            case "cmd" -> {
                config.set("Cmd", command(rest));
                cmdSet = true;
            }
            case "entrypoint" -> {
                config.set("Entrypoint", command(rest));
                if (!cmdSet) {
                    config.putNull("Cmd");
                }
            }
            case "env" -> keyValues(rest, "ENV").forEach(kv -> env(kv[0], kv[1]));
            case "label" -> keyValues(rest, "LABEL").forEach(kv -> object("Labels").put(kv[0], kv[1]));
            case "expose" -> words(rest).forEach(this::expose);
            case "volume" -> list(rest).forEach(v -> object("Volumes").set(v, JsonNodeFactory.instance.objectNode()));
            case "user" -> config.put("User", rest);
            case "stopsignal" -> config.put("StopSignal", rest);
            case "workdir" -> config.put("WorkingDir", workdir(config.path("WorkingDir").asText(""), rest));
            case "onbuild" -> {
                String inner = words(rest).get(0).toLowerCase(Locale.ROOT);
                if (inner.equals("onbuild") || inner.equals("from") || inner.equals("maintainer")) {
                    throw new EngineException.BadRequest(inner.toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
                }
                array("OnBuild").add(rest);
            }
            default -> throw new EngineException.BadRequest("HEALTHCHECK changes are not supported by the jcompose "
                    + "engine yet: set Healthcheck in the request body");
        }
    }

    /** The JSON form (an array of strings) or the shell form ({@code /bin/sh -c REST}). */
    private static ArrayNode command(String rest) {
        List<String> json = jsonArray(rest);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (json != null) {
            json.forEach(out::add);
        } else {
            out.add("/bin/sh").add("-c").add(rest);
        }
        return out;
    }

    /** A JSON array of strings, or null when {@code text} is not one (then it is the shell form). */
    private static List<String> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = Json.api().readTree(text);
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    return null;
                }
                out.add(e.asText());
            }
            return n.isArray() ? out : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static List<String> list(String rest) {
        List<String> json = jsonArray(rest);
        return json != null ? json : words(rest);
    }

    private void env(String key, String value) {
        ArrayNode env = array("Env");
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).asText().startsWith(key + "=") || env.get(i).asText().equals(key)) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    private void expose(String port) {
        String[] p = port.split("/", 2);
        String proto = p.length > 1 ? p[1].toLowerCase(Locale.ROOT) : "tcp";
        String[] range = p[0].split("-", 2);
        try {
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (from < 1 || to > 65_535 || to < from || !Set.of("tcp", "udp", "sctp").contains(proto)) {
                throw new NumberFormatException(port);
            }
            for (int n = from; n <= to; n++) {
                object("ExposedPorts").set(n + "/" + proto, JsonNodeFactory.instance.objectNode());
            }
        } catch (NumberFormatException e) {
            throw new EngineException.BadRequest("invalid containerPort: " + port);
        }
    }

    /** {@code KEY=VALUE ...} (quotes allowed), or the old form {@code KEY VALUE WITH SPACES}. */
    static List<String[]> keyValues(String rest, String instruction) {
        List<String> words = words(rest);
        List<String[]> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            int space = indexOfSpace(rest);
            if (space < 0) {
                throw new EngineException.BadRequest(instruction + " must have two arguments");
            }
            out.add(new String[] {rest.substring(0, space), unquote(rest.substring(space).strip())});
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new EngineException.BadRequest(instruction + " names can not be blank: " + w);
            }
            out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
        }
        return out;
    }

    /** Words split at unquoted blanks; double and single quotes group and are removed, a backslash escapes. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
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

    private static String unquote(String s) {
        List<String> w = words(s);
        return w.size() == 1 ? w.get(0) : s;
    }

    private static String workdir(String current, String dir) {
        String joined = dir.startsWith("/") ? dir : (current.isEmpty() ? "/" : current) + "/" + dir;
        return java.nio.file.Path.of(joined).normalize().toString();
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private ObjectNode object(String key) {
        JsonNode n = config.get(key);
        return n instanceof ObjectNode o ? o : config.putObject(key);
    }

    private ArrayNode array(String key) {
        JsonNode n = config.get(key);
        return n instanceof ArrayNode a ? a : config.putArray(key);
    }
}
