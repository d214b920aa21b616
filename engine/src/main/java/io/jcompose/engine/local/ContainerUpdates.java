package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerUpdate;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.cgroup.CgroupResources;
import java.util.List;
import java.util.Map;

/**
 * {@code docker update}: merges the new limits and restart policy into the container's stored host config
 * (what inspect shows and the supervisor reads), writes the limits to its cgroup when it runs and keeps them
 * in its runtime spec for the next start.
 */
final class ContainerUpdates {
    private ContainerUpdates() {}

    static List<String> apply(LocalEngine e, ContainerMeta m, ContainerUpdate update) {
        synchronized (e.supervisor.lock(m.id())) {
            HostConfig merged = update.applyTo(e.meta(m.id()).request().hostConfig());
            CgroupResources resources = ResourceLimits.of(merged, true);
            e.runtime.update(m.id(), resources);
            e.change(m.id(), old -> old.withRequest(old.request().withHostConfig(merged)));
        }
        e.emit("update", m, Map.of());
        return List.of();
    }
}
