package io.jcompose.runtime.container;

import java.nio.file.Path;

/**
 * A process started by {@link ContainerRuntime#exec}.
 *
 * @param containerId  the container
 * @param execId       its id (hex), for {@link ContainerRuntime#execState}
 * @param pid          host pid
 * @param attachSocket its stdio (see docs/runtime.md, attach protocol)
 */
public record ExecHandle(String containerId, String execId, int pid, Path attachSocket) {}
