package io.jcompose.runtime.container;

import java.util.Objects;

/**
 * The PID, IPC, UTS and network namespaces of a container. Every one is private unless asked otherwise: sharing
 * the host's is never a default. The UTS namespace is private or the host's; with the host's the container keeps
 * the host's hostname (the launcher never sets it). The network one is private or another container's: a private
 * one is new, the host's or a namespace file as {@link ContainerSpec#hostNetwork} and
 * {@link ContainerSpec#netnsPath} say; another container's is for one that has no namespace file
 * ({@code --network container:X}).
 */
public record Namespaces(NamespaceMode pid, NamespaceMode ipc, NamespaceMode uts, NamespaceMode net) {
    public static final Namespaces PRIVATE = new Namespaces(NamespaceMode.PRIVATE, NamespaceMode.PRIVATE,
            NamespaceMode.PRIVATE, NamespaceMode.PRIVATE);

    public Namespaces {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ipc, "ipc");
        Objects.requireNonNull(uts, "uts");
        // spec.json files written before the network namespace could be joined have no such field
        net = net == null ? NamespaceMode.PRIVATE : net;
        if (uts.kind() == NamespaceMode.Kind.CONTAINER) {
            throw new IllegalArgumentException("the UTS namespace is private or the host's, not another container's");
        }
        if (net.kind() == NamespaceMode.Kind.HOST) {
            throw new IllegalArgumentException("the host's network is ContainerSpec.hostNetwork, not a namespace mode");
        }
    }

    /** These namespaces with the network one {@code n}. */
    public Namespaces withNet(NamespaceMode n) {
        return new Namespaces(pid, ipc, uts, n);
    }

    /** The mode of a kind that can be another container's: "pid", "ipc" or "net" (LaunchSpecs.NamespaceJoin.KINDS). */
    public NamespaceMode joinable(String kind) {
        return switch (kind) {
            case "pid" -> pid;
            case "ipc" -> ipc;
            case "net" -> net;
            default -> throw new IllegalArgumentException("the " + kind + " namespace is never another container's");
        };
    }

    public boolean allPrivate() {
        return pid.isPrivate() && ipc.isPrivate() && uts.isPrivate() && net.isPrivate();
    }
}
