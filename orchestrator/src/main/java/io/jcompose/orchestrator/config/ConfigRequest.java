package io.jcompose.orchestrator.config;

import io.jcompose.model.LoadOptions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code jcompose config} was asked for.
 *
 * @param load     where the project is
 * @param services service names given as arguments
 * @param format   yaml or json; "" when not given (the table of {@code --variables}, yaml otherwise)
 * @param view     what to print
 * @param hash     the {@code --hash} argument (service list or {@code *}) when the view is HASH
 */
public record ConfigRequest(LoadOptions load, List<String> services, String format, View view, Optional<String> hash) {
    /** The things {@code config} can print. */
    public enum View { MODEL, SERVICES, VOLUMES, NETWORKS, MODELS, IMAGES, PROFILES, VARIABLES, ENVIRONMENT, HASH, QUIET }

    public ConfigRequest {
        Objects.requireNonNull(load, "load");
        services = List.copyOf(services);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(hash, "hash");
    }
}
