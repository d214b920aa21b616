package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to an image config (Docker's key names, as in
 * the config blob), as moby's BuildFromConfig does before the result is merged with the container's config. The
 * instructions commit takes: CMD, ENTRYPOINT (which drops a CMD not set by these changes), ENV, EXPOSE, LABEL,
 * HEALTHCHECK, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR (relative to the one before); others are a 400 as
 * with Docker. {@code $NAME} in ENV, LABEL, EXPOSE, VOLUME, USER, WORKDIR and STOPSIGNAL arguments reads the
 * environment these changes (and the body) set so far, not the container's, as with Docker.
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
            case "env" -> keyValues(rest, "ENV", env()).forEach(kv -> env(kv[0], kv[1]));
            case "label" -> keyValues(rest, "LABEL", env()).forEach(kv -> object("Labels").put(kv[0], kv[1]));
            case "expose" -> DockerfileWords.split(rest, env()).forEach(this::expose);
            case "volume" -> list(rest, env()).forEach(v -> object("Volumes").set(v, JsonNodeFactory.instance.objectNode()));
            case "user" -> config.put("User", DockerfileWords.word(rest, env()));
            case "stopsignal" -> config.put("StopSignal", DockerfileWords.word(rest, env()));
            case "workdir" -> config.put("WorkingDir", workdir(config.path("WorkingDir").asText(""),
                    DockerfileWords.word(rest, env())));
            case "healthcheck" -> config.set("Healthcheck", CommitHealthcheck.parse(rest));
            case "onbuild" -> {
                String inner = DockerfileWords.split(rest, null).get(0).toLowerCase(Locale.ROOT);
                if (inner.equals("onbuild") || inner.equals("from") || inner.equals("maintainer")) {
                    throw new EngineException.BadRequest(inner.toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
                }
                array("OnBuild").add(rest);
            }
            default -> throw new IllegalStateException(name);
        }
    }

    /** The JSON form (an array of strings) or the shell form ({@code /bin/sh -c REST}). */
    static ArrayNode command(String rest) {
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
    static List<String> jsonArray(String text) {
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

    private static List<String> list(String rest, Map<String, String> env) {
        List<String> json = jsonArray(rest);
        if (json == null) {
            return DockerfileWords.split(rest, env);
        }
        List<String> out = new ArrayList<>();
        json.forEach(w -> out.add(DockerfileWords.word(w, env)));
        return out;
    }

    /** The environment so far (the body's and these changes'), which {@code $NAME} in arguments reads. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (JsonNode kv : config.path("Env")) {
            String[] p = kv.asText().split("=", 2);
            env.put(p[0], p.length > 1 ? p[1] : "");
        }
        return env;
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
    static List<String[]> keyValues(String rest, String instruction, Map<String, String> env) {
        List<String> words = DockerfileWords.split(rest, null);
        List<String[]> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            int space = indexOfSpace(rest);
            if (space < 0) {
                throw new EngineException.BadRequest(instruction + " must have two arguments");
            }
            out.add(new String[] {rest.substring(0, space), DockerfileWords.word(rest.substring(space).strip(), env)});
            return out;
        }
        for (String w : DockerfileWords.split(rest, env)) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new EngineException.BadRequest(instruction + " names can not be blank: " + w);
            }
            out.add(new String[] {w.substring(0, eq), w.substring(eq + 1)});
        }
        return out;
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
