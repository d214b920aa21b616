package io.jcompose.engine.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.EngineException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code HEALTHCHECK} instruction as Docker's config {@code Healthcheck}: {@code NONE}, or
 * {@code [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD ...} in the JSON
 * form ({@code ["CMD", ...]}) or the shell form ({@code ["CMD-SHELL", "..."]}); durations as Go writes them
 * ({@code 30s}, {@code 1m30s}, {@code 500ms}), stored in nanoseconds, 0 or at least 1ms.
 */
final class CommitHealthcheck {
    private static final Map<String, String> DURATIONS = Map.of("interval", "Interval", "timeout", "Timeout",
            "start-period", "StartPeriod", "start-interval", "StartInterval");
    private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Double> UNIT_NANOS = Map.of("ns", 1.0, "us", 1e3, "µs", 1e3, "ms", 1e6,
            "s", 1e9, "m", 60e9, "h", 3600e9);

    private CommitHealthcheck() {}

    static ObjectNode parse(String args) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        String rest = args.strip();
        while (rest.startsWith("--")) {
            int end = rest.indexOf(' ');
            String flag = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end).strip();
            int eq = flag.indexOf('=');
            String name = flag.substring(2, eq < 0 ? flag.length() : eq);
            String value = eq < 0 ? "" : flag.substring(eq + 1);
            if (DURATIONS.containsKey(name)) {
                long nanos = duration(value);
                if (nanos != 0 && nanos < 1_000_000) {
                    throw new EngineException.BadRequest("Interval \"" + name + "\" cannot be less than 1ms");
                }
                h.put(DURATIONS.get(name), nanos);
            } else if (name.equals("retries")) {
                h.put("Retries", retries(value));
            } else {
                throw new EngineException.BadRequest("Unknown flag: " + name);
            }
        }
        int space = rest.indexOf(' ');
        String type = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
        String command = space < 0 ? "" : rest.substring(space).strip();
        ArrayNode test = h.putArray("Test");
        if (type.equals("NONE")) {
            if (!command.isEmpty()) {
                throw new EngineException.BadRequest("HEALTHCHECK NONE takes no arguments");
            }
            test.add("NONE");
        } else if (type.equals("CMD")) {
            if (command.isEmpty()) {
                throw new EngineException.BadRequest("Missing command after HEALTHCHECK CMD");
            }
            List<String> json = CommitChanges.jsonArray(command);
            if (json != null) {
                test.add("CMD");
                json.forEach(test::add);
            } else {
                test.add("CMD-SHELL").add(command);
            }
        } else {
            throw new EngineException.BadRequest("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        return h;
    }

    /** A Go duration ({@code 1h2m3.5s}, {@code 0}) in nanoseconds. */
    static long duration(String text) {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(text);
        double nanos = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            nanos += Double.parseDouble(m.group(1)) * UNIT_NANOS.get(m.group(2));
            at = m.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new EngineException.BadRequest("time: invalid duration \"" + text + "\"");
        }
        return Math.round(nanos);
    }

    private static int retries(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new EngineException.BadRequest("--retries cannot be negative (" + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new EngineException.BadRequest("invalid --retries value \"" + value + "\"");
        }
    }
}
