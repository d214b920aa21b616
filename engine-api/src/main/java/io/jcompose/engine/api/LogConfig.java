package io.jcompose.engine.api;

import java.util.Map;

/** The log driver; the jcompose engine writes {@code json-file}-style logs and accepts no other driver. */
public record LogConfig(String type, Map<String, String> config) {
    public static final LogConfig DEFAULT = new LogConfig("", Map.of());

    public LogConfig {
        type = Defaults.str(type);
        config = Defaults.map(config);
    }
}
