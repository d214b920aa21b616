package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.NamespaceMode;
import io.jcompose.runtime.container.Namespaces;
import java.util.function.Function;

/**
 * Docker's {@code PidMode}, {@code IpcMode} and {@code UTSMode}: "" (a namespace of its own), {@code host}, or
 * {@code container:<name|id>} (PID, IPC; kept as {@code container:<id>}); IPC also {@code private} and
 * {@code shareable} (both a namespace of its own; as in Docker only a {@code shareable} one, or the host's, can
 * be joined).
 */
final class NamespaceModes {
    private static final String PREFIX = "container:";

    private NamespaceModes() {}

    /** Docker's create-time checks, before any target is looked up. */
    static void check(ContainerCreate req) {
        HostConfig h = req.hostConfig();
        mode("PID", h.pidMode(), false);
        mode("IPC", h.ipcMode(), true);
        if (!h.utsMode().isEmpty() && !h.utsMode().equals("host")) {
            throw new EngineException.BadRequest("invalid UTS mode: " + h.utsMode());
        }
        if (h.utsMode().equals("host") && !req.config().hostname().isEmpty()) {
            throw new EngineException.BadRequest("conflicting options: hostname and the UTS mode");
        }
    }

    /** The request with each {@code container:<name>} replaced by {@code container:<id>} of the container found. */
    static ContainerCreate resolve(ContainerCreate req, Function<String, String> idOf) {
        HostConfig h = req.hostConfig();
        return req.withHostConfig(h.withNamespaceModes(resolved(h.pidMode(), idOf), resolved(h.ipcMode(), idOf)));
    }

    /** The container whose IPC namespace {@code h} joins, if it joins one. */
    static java.util.Optional<String> ipcDonor(HostConfig h) {
        return h.ipcMode().startsWith(PREFIX) ? java.util.Optional.of(h.ipcMode().substring(PREFIX.length()))
                : java.util.Optional.empty();
    }

    /** Docker's check at start: the donor opted in to sharing its IPC namespace (or uses the host's). */
    static void checkShareable(ContainerMeta donor) {
        String mode = donor.request().hostConfig().ipcMode();
        if (!mode.equals("shareable") && !mode.equals("host")) {
            throw new EngineException.BadRequest("container " + donor.id()
                    + ": non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        }
    }

    /** The spec with the namespaces of a resolved host config. */
    static ContainerSpec apply(ContainerSpec spec, HostConfig h) {
        try {
            return spec.withNamespaces(of(h));
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(e.getMessage());
        }
    }

    /** The runtime's namespaces for a resolved host config. */
    static Namespaces of(HostConfig h) {
        return new Namespaces(runtime(h.pidMode()), runtime(h.ipcMode()),
                h.utsMode().equals("host") ? NamespaceMode.HOST : NamespaceMode.PRIVATE, NamespaceMode.PRIVATE);
    }

    /** The hostname a container of these modes shows when none is given: the host's with the host's UTS. */
    static boolean hostUts(HostConfig h) {
        return h.utsMode().equals("host");
    }

    private static void mode(String kind, String mode, boolean ipc) {
        boolean known = mode.isEmpty() || mode.equals("host")
                || (mode.startsWith(PREFIX) && mode.length() > PREFIX.length())
                || (ipc && (mode.equals("private") || mode.equals("shareable")));
        if (!known) {
            throw new EngineException.BadRequest("invalid " + kind + " mode: " + mode
                    + (ipc && mode.equals("none") ? " (IpcMode none is not supported by the jcompose engine)" : ""));
        }
    }

    private static String resolved(String mode, Function<String, String> idOf) {
        return mode.startsWith(PREFIX) ? PREFIX + idOf.apply(mode.substring(PREFIX.length())) : mode;
    }

    private static NamespaceMode runtime(String mode) {
        if (mode.equals("host")) {
            return NamespaceMode.HOST;
        }
        return mode.startsWith(PREFIX) ? NamespaceMode.of(mode.substring(PREFIX.length())) : NamespaceMode.PRIVATE;
    }
}
