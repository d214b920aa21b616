package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.Health;
import io.jcompose.engine.api.MountPoint;
import java.util.List;
import java.util.Optional;

/**
 * What the engine keeps about a container beside the runtime's state: the API request it was created from,
 * its name, image, mounts as inspect shows them, and the supervisor's bookkeeping.
 *
 * @param manuallyStopped stopped by the user: {@code unless-stopped} and {@code always} leave it alone until started
 * @param policyRestarts  restarts done by the restart policy since the last manual start
 */
public record ContainerMeta(String id, String name, ContainerCreate request, String imageId, String created,
                            List<MountPoint> mounts, boolean manuallyStopped, int policyRestarts,
                            Optional<Health> health) {
    public ContainerMeta {
        mounts = List.copyOf(mounts == null ? List.of() : mounts);
        health = health == null ? Optional.empty() : health;
    }

    public ContainerMeta withName(String newName) {
        return new ContainerMeta(id, newName, request, imageId, created, mounts, manuallyStopped, policyRestarts, health);
    }

    public ContainerMeta withStopped(boolean stopped, int restarts) {
        return new ContainerMeta(id, name, request, imageId, created, mounts, stopped, restarts, health);
    }

    public ContainerMeta withRequest(ContainerCreate newRequest) {
        return new ContainerMeta(id, name, newRequest, imageId, created, mounts, manuallyStopped, policyRestarts, health);
    }

    public ContainerMeta withHealth(Optional<Health> newHealth) {
        return new ContainerMeta(id, name, request, imageId, created, mounts, manuallyStopped, policyRestarts, newHealth);
    }
}
