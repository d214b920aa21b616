package io.jcompose.runtime.container;

import java.util.Objects;

/**
 * The PID, IPC and UTS namespaces of a container. Every one is private unless asked otherwise: sharing the host's
 * is never a default. The UTS namespace is private or the host's; with the host's the container keeps the host's
 * hostname (the launcher never sets it).
 */
public record Namespaces(NamespaceMode pid, NamespaceMode ipc, NamespaceMode uts) {
    public static final Namespaces PRIVATE = new Namespaces(NamespaceMode.PRIVATE, NamespaceMode.PRIVATE,
            NamespaceMode.PRIVATE);

    public Namespaces {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ipc, "ipc");
        Objects.requireNonNull(uts, "uts");
        if (uts.kind() == NamespaceMode.Kind.CONTAINER) {
            throw new IllegalArgumentException("the UTS namespace is private or the host's, not another container's");
        }
    }

    public boolean allPrivate() {
        return pid.isPrivate() && ipc.isPrivate() && uts.isPrivate();
    }
}
