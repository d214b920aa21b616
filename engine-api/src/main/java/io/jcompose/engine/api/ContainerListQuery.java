package io.jcompose.engine.api;

/**
 * {@code GET /containers/json}: {@code all} includes stopped containers; filters: id, name, label, status,
 * ancestor, before, since, exited, health, network, volume, is-task (always false).
 */
public record ContainerListQuery(boolean all, int limit, Filters filters) {
    public ContainerListQuery {
        filters = filters == null ? Filters.NONE : filters;
    }

    public static ContainerListQuery running() {
        return new ContainerListQuery(false, 0, Filters.NONE);
    }

    public static ContainerListQuery all(Filters filters) {
        return new ContainerListQuery(true, 0, filters);
    }
}
