package io.jcompose.model;

import java.util.Objects;

/**
 * One {@code depends_on} entry.
 *
 * @param condition service_started, service_healthy or service_completed_successfully
 * @param restart   restart this service when the dependency is restarted
 * @param required  fail when the dependency is missing (otherwise it is only waited for if present)
 */
public record Dependency(String condition, boolean restart, boolean required) {
    public Dependency {
        Objects.requireNonNull(condition, "condition");
    }
}
