package io.jcompose.engine.api;

import java.util.Map;

/** {@code POST /volumes/create}: name ("" = generated), driver ("" = local), driver options, labels. */
public record VolumeCreate(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    public VolumeCreate {
        name = Defaults.str(name);
        driver = Defaults.str(driver);
        driverOpts = Defaults.map(driverOpts);
        labels = Defaults.map(labels);
    }
}
