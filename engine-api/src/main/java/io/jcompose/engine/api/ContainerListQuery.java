package io.jcompose.engine.api;

/**
 * {@code GET /containers/json}: {@code all} includes stopped containers; filters: id, name, label, status,
 * ancestor, before, since, exited, health, network, volume, is-task (always false); {@code size} adds
 * {@code SizeRw} and {@code SizeRootFs}.
 */
public record ContainerListQuery(boolean all, int limit, Filters filters, boolean size) {
    public ContainerListQuery {
        filters = filters == null ? Filters.NONE : filters;
    }

    public ContainerListQuery(boolean all, int limit, Filters filters) {
        this(all, limit, filters, false);
    }

    /** The same query, also asking for each container's sizes ({@code size=true}). */
    public ContainerListQuery withSize() {
        return new ContainerListQuery(all, limit, filters, true);
    }

    public static ContainerListQuery running() {
        return new ContainerListQuery(false, 0, Filters.NONE);
    }

    public static ContainerListQuery all(Filters filters) {
        return new ContainerListQuery(true, 0, filters);
    }
}
