package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.container.ContainerMount;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.NamespaceMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code network_mode: container:<name|id>}: the container joins another container's network namespace
 * and shares its {@code /etc/hosts}, {@code resolv.conf} and hostname, as under Docker. Options that would
 * configure a network of its own are refused with Docker's "conflicting options" errors.
 */
final class SharedNetwork {
    static final String PREFIX = "container:";
    private static final List<String> FILES = List.of("/etc/hosts", "/etc/resolv.conf", "/etc/hostname");

    private SharedNetwork() {}

    /** The name or id of the container whose network is shared, if the mode is {@code container:}. */
    static Optional<String> target(HostConfig h) {
        return h.networkMode().startsWith(PREFIX) ? Optional.of(h.networkMode().substring(PREFIX.length()))
                : Optional.empty();
    }

    /** Docker's checks (daemon's verifyNetworkingConfig), in its order, before the target is looked up. */
    static void checkOptions(ContainerCreate req) {
        HostConfig h = req.hostConfig();
        if (target(h).orElse("").isEmpty()) {
            throw new EngineException.BadRequest("invalid network mode \"" + h.networkMode()
                    + "\": name or id of a container expected after container:");
        }
        if (!req.config().hostname().isEmpty()) {
            throw new EngineException.BadRequest("conflicting options: hostname and the network mode");
        }
        if (!h.dns().isEmpty()) {
            throw new EngineException.BadRequest("conflicting options: dns and the network mode");
        }
        if (!h.extraHosts().isEmpty()) {
            throw new EngineException.BadRequest("conflicting options: custom host-to-IP mapping and the network mode");
        }
        if (h.portBindings().values().stream().anyMatch(l -> !l.isEmpty())) {
            throw new EngineException.BadRequest("conflicting options: port publishing and the container type network mode");
        }
        if (!req.config().exposedPorts().isEmpty()) {
            throw new EngineException.BadRequest("conflicting options: port exposing and the container type network mode");
        }
        if (req.networkingConfig().endpointsConfig().keySet().stream().anyMatch(n -> !n.equals(h.networkMode()))) {
            throw new EngineException.BadRequest("container sharing network namespace with another container or host "
                    + "cannot be connected to any other network");
        }
    }

    /** The target's bind mounts of its network files, to be shared by the joining container. */
    static List<ContainerMount> files(ContainerSpec target) {
        return target.mounts().stream().filter(m -> FILES.contains(m.target())).toList();
    }

    /**
     * The joining container's spec: the target's network namespace, joined through the running target's pid as
     * PidMode container:X is (a none target has no namespace file), or the host's network; and the target's
     * hostname (HOSTNAME too).
     */
    static ContainerSpec join(ContainerSpec own, ContainerSpec target) {
        String defaulted = "HOSTNAME=" + own.hostname();
        List<String> env = own.process().env().stream()
                .map(e -> e.equals(defaulted) ? "HOSTNAME=" + target.hostname() : e).toList();
        ContainerSpec joined = own.withProcess(own.process().withEnv(env))
                .withHostname(target.hostname(), target.domainname());
        return target.hostNetwork() ? joined.withNetwork(true, Optional.empty())
                : joined.withNetwork(false, Optional.empty())
                        .withNamespaces(joined.namespaces().withNet(NamespaceMode.of(target.id())));
    }
}
