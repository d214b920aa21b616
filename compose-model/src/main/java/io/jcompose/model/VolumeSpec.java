package io.jcompose.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A top-level named volume.
 *
 * @param name       the engine-side name ({@code <project>_<key>} unless set or external)
 * @param driver     the driver, if set (local by default)
 * @param driverOpts driver options
 * @param external   created outside the project
 * @param labels     labels
 * @param attributes every attribute, canonical
 */
public record VolumeSpec(String name, Optional<String> driver, Map<String, String> driverOpts, boolean external,
                         Map<String, String> labels, Value.Dict attributes) {
    public VolumeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        driverOpts = Collections.unmodifiableMap(new TreeMap<>(driverOpts));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(attributes, "attributes");
    }
}
