package io.jcompose.engine.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A container engine, shaped after the Docker Engine API object model: containers, exec, images, networks,
 * volumes, events and system information. Implementations: {@code EngineClient} (over a unix socket, to the
 * jcompose engine or any Docker daemon) and {@code LocalEngine} (inside the jcompose daemon).
 *
 * <p>Ids or names are accepted wherever Docker accepts them (a unique id prefix, a name). Failures are
 * {@link EngineException}s carrying Docker's status code.
 */
public interface Engine {

    // ---- system

    /** {@code GET /_ping}: the API version the engine speaks (for example "1.44"). */
    String ping();

    /** {@code GET /version}. */
    VersionInfo version();

    /** {@code GET /info}. */
    SystemInfo info();

    /** {@code GET /events}: past events from {@code since}, then live ones until {@code until} or close. */
    EngineStream<Event> events(EventQuery query);

    // ---- containers

    /** {@code POST /containers/create?name=}: {@code name} empty gives a generated one. */
    CreatedId createContainer(Optional<String> name, ContainerCreate request);

    /** {@code GET /containers/json}. */
    List<ContainerSummary> listContainers(ContainerListQuery query);

    /** {@code GET /containers/{id}/json}. */
    ContainerInspect inspectContainer(String id);

    /** {@code POST /containers/{id}/start}; a running container is a {@link EngineException.NotModified}. */
    void startContainer(String id);

    /** {@code POST /containers/{id}/stop}: the stop signal, then SIGKILL after the timeout. */
    void stopContainer(String id, Optional<Duration> timeout, Optional<String> signal);

    /** {@code POST /containers/{id}/restart}. */
    void restartContainer(String id, Optional<Duration> timeout, Optional<String> signal);

    /** {@code POST /containers/{id}/kill}: {@code signal} by name (KILL, SIGTERM) or number. */
    void killContainer(String id, String signal);

    /** {@code POST /containers/{id}/pause}. */
    void pauseContainer(String id);

    /** {@code POST /containers/{id}/unpause}. */
    void unpauseContainer(String id);

    /**
     * {@code POST /containers/{id}/wait}: returns once the wait is registered (so a following start cannot
     * race past a {@code next-exit}); the future completes when the condition holds. An unknown container
     * throws at once.
     */
    CompletableFuture<WaitResult> waitContainer(String id, WaitCondition condition);

    /** {@code DELETE /containers/{id}}: {@code force} kills a running one, {@code volumes} removes anonymous ones. */
    void removeContainer(String id, boolean force, boolean volumes);

    /** {@code POST /containers/{id}/rename}. */
    void renameContainer(String id, String newName);

    /** {@code GET /containers/{id}/logs}. */
    EngineStream<LogEntry> logs(String id, LogQuery query);

    /**
     * {@code POST /containers/{id}/attach}: {@code logs} replays what was written before, {@code stream} follows.
     */
    Attachment attachContainer(String id, boolean stdin, boolean logs, boolean stream);

    /** {@code POST /containers/{id}/resize}. */
    void resizeContainerTty(String id, int height, int width);

    /** {@code GET /containers/{id}/top?ps_args=}. */
    TopResult top(String id, String psArgs);

    /** {@code GET /containers/{id}/stats}: one sample, or one per second while {@code stream}. */
    EngineStream<ContainerStats> stats(String id, boolean stream);

    /** {@code HEAD /containers/{id}/archive?path=}. */
    PathStat statPath(String id, String path);

    /** {@code GET /containers/{id}/archive?path=}: writes a tar of {@code path} to {@code tar}. */
    PathStat copyFrom(String id, String path, OutputStream tar);

    /** {@code PUT /containers/{id}/archive?path=}: extracts {@code tar} into the directory {@code path}. */
    void copyTo(String id, String path, InputStream tar, boolean noOverwriteDirNonDir);

    /**
     * {@code POST /containers/{id}/update}: new cgroup limits and restart policy for a running or stopped
     * container; answers Docker's warnings.
     */
    List<String> updateContainer(String id, ContainerUpdate update);

    /** {@code GET /containers/{id}/changes}: what the container changed in its root file system, by path. */
    List<ContainerChange> containerChanges(String id);

    /**
     * {@code GET /containers/{id}/export}: writes a tar of the container's whole root file system (image and
     * changes, no mounts), running or not.
     */
    void exportContainer(String id, OutputStream tar);

    /** {@code POST /containers/prune}. */
    PruneReport pruneContainers(Filters filters);

    // ---- exec

    /** {@code POST /containers/{id}/exec}: returns the exec id. */
    String createExec(String containerId, ExecCreate request);

    /** {@code POST /exec/{id}/start} with {@code Detach: true}. */
    void startExecDetached(String execId);

    /** {@code POST /exec/{id}/start}, hijacked: the exec's stdio. */
    Attachment startExec(String execId, boolean tty);

    /** {@code GET /exec/{id}/json}. */
    ExecInspect inspectExec(String execId);

    /** {@code POST /exec/{id}/resize}. */
    void resizeExecTty(String execId, int height, int width);

    // ---- images

    /** {@code GET /images/json}: filters reference, label, dangling, before, since. */
    List<ImageSummary> listImages(boolean all, Filters filters);

    /** {@code GET /images/{name}/json}. */
    ImageInspect inspectImage(String ref);

    /** {@code POST /images/{name}/tag?repo=&tag=}. */
    void tagImage(String ref, String repo, String tag);

    /** {@code DELETE /images/{name}}. */
    List<ImageDeleteEntry> removeImage(String ref, boolean force, boolean noPrune);

    /** {@code POST /images/load}: a {@code docker save} or OCI archive; returns "Loaded image: ..." lines. */
    List<String> loadImages(InputStream archive);

    /** {@code GET /images/get?names=}: writes a {@code docker save} archive of {@code refs}. */
    void saveImages(List<String> refs, OutputStream archive);

    /**
     * {@code POST /commit}: a new image of the container's image layers plus one layer of its changes, its config
     * with the request's overrides and changes applied; returns the image id.
     */
    String commitContainer(ContainerCommit request);

    /** {@code GET /images/{name}/history}. */
    List<ImageHistoryEntry> imageHistory(String ref);

    /** {@code POST /images/prune}: {@code dangling=false} removes every unused image. */
    PruneReport pruneImages(Filters filters);

    // ---- networks

    /** {@code POST /networks/create}: returns the id. */
    CreatedId createNetwork(NetworkCreate request);

    /** {@code GET /networks}: filters name, id, label, driver. */
    List<Network> listNetworks(Filters filters);

    /** {@code GET /networks/{id}}. */
    Network inspectNetwork(String id);

    /** {@code DELETE /networks/{id}}. */
    void removeNetwork(String id);

    /** {@code POST /networks/{id}/connect}. */
    void connectNetwork(String network, String container, EndpointSettings endpoint);

    /** {@code POST /networks/{id}/disconnect}. */
    void disconnectNetwork(String network, String container, boolean force);

    /** {@code POST /networks/prune}. */
    PruneReport pruneNetworks(Filters filters);

    // ---- volumes

    /** {@code POST /volumes/create}. */
    Volume createVolume(VolumeCreate request);

    /** {@code GET /volumes}: filters name, label, dangling, driver. */
    List<Volume> listVolumes(Filters filters);

    /** {@code GET /volumes/{name}}. */
    Volume inspectVolume(String name);

    /** {@code DELETE /volumes/{name}}. */
    void removeVolume(String name, boolean force);

    /** {@code POST /volumes/prune}. */
    PruneReport pruneVolumes(Filters filters);
}
