package io.jcompose.engine.api;

import java.util.Map;

/** A named volume: where it lives on the host ({@code mountpoint}), created (RFC 3339), labels, options. */
public record Volume(String name, String driver, String mountpoint, String createdAt, Map<String, String> labels,
                     String scope, Map<String, String> options) {
    public Volume {
        name = Defaults.str(name);
        driver = Defaults.str(driver);
        mountpoint = Defaults.str(mountpoint);
        createdAt = Defaults.str(createdAt);
        labels = Defaults.map(labels);
        scope = scope == null || scope.isEmpty() ? "local" : scope;
        options = Defaults.map(options);
    }
}
