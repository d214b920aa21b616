package io.jcompose.runtime.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.runtime.image.Healthcheck;
import io.jcompose.runtime.image.HistoryEntry;
import io.jcompose.runtime.image.ImageConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the OCI/Docker image config JSON into {@link ImageConfig} and {@link HistoryEntry} values. */
public final class ConfigParser {

    private ConfigParser() {}

    /** The run-time config of the config blob {@code json}. */
    public static ImageConfig config(byte[] json, String id) {
        JsonNode root = Json.parse(json, "config " + id);
        JsonNode c = root.path("config");
        Map<String, String> labels = new TreeMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")), strings(c.path("Env")),
                c.path("WorkingDir").asText(""), c.path("User").asText(""),
                new TreeSet<>(keys(c.path("ExposedPorts"))), new TreeSet<>(keys(c.path("Volumes"))), labels,
                optionalText(c.path("StopSignal")), healthcheck(c.path("Healthcheck")),
                root.path("architecture").asText(""), root.path("os").asText(""),
                instant(root.path("created")));
    }

    /** The history of the config blob {@code json}, oldest first as stored. */
    public static List<HistoryEntry> history(byte[] json, String id) {
        List<HistoryEntry> out = new ArrayList<>();
        for (JsonNode h : Json.parse(json, "config " + id).path("history")) {
            out.add(new HistoryEntry(instant(h.path("created")), h.path("created_by").asText(""),
                    h.path("comment").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        return out;
    }

    private static Optional<Healthcheck> healthcheck(JsonNode h) {
        if (!h.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Healthcheck(strings(h.path("Test")), nanos(h.path("Interval")), nanos(h.path("Timeout")),
                nanos(h.path("StartPeriod")), nanos(h.path("StartInterval")), h.path("Retries").asInt(0)));
    }

    private static Duration nanos(JsonNode n) {
        return Duration.ofNanos(n.asLong(0));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText()); // some old images store Cmd as a bare string
        }
        return out;
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static Optional<String> optionalText(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode n) {
        if (!n.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(n.asText()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(n.asText()).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
