package io.jcompose.runtime.container;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whose namespace of one kind (PID, IPC, UTS, network) a container uses: a new one of its own (the default), the
 * host's, or that of another container of this runtime, which must be running when this one starts (Docker's
 * {@code PidMode}, {@code IpcMode}, {@code UTSMode}, {@code NetworkMode container:X}).
 *
 * @param kind      private, host or container
 * @param container the other container's id when kind is CONTAINER, else ""
 */
public record NamespaceMode(Kind kind, String container) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12,64}");

    public enum Kind { PRIVATE, HOST, CONTAINER }

    public static final NamespaceMode PRIVATE = new NamespaceMode(Kind.PRIVATE, "");
    public static final NamespaceMode HOST = new NamespaceMode(Kind.HOST, "");

    public NamespaceMode {
        Objects.requireNonNull(kind, "kind");
        container = container == null ? "" : container;
        if ((kind == Kind.CONTAINER) != ID.matcher(container).matches()) {
            throw new IllegalArgumentException("namespace mode " + kind + ": invalid container id \"" + container + "\"");
        }
    }

    /** The namespace of the container {@code id}. */
    public static NamespaceMode of(String id) {
        return new NamespaceMode(Kind.CONTAINER, id);
    }

    public boolean isPrivate() {
        return kind == Kind.PRIVATE;
    }
}
