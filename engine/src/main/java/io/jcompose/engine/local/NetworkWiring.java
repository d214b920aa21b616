package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.Ipam;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.PortBinding;
import io.jcompose.network.Attachment;
import io.jcompose.network.ContainerFilesSpec;
import io.jcompose.network.Endpoint;
import io.jcompose.network.EndpointRequest;
import io.jcompose.network.IpamConfig;
import io.jcompose.network.Network;
import io.jcompose.network.NetworkOptions;
import io.jcompose.network.NetworkSpec;
import io.jcompose.network.Networking;
import io.jcompose.network.PortRequest;
import io.jcompose.network.Protocol;
import io.jcompose.network.PublishedPort;
import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.ContainerMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Containers and the network module: which networks a container joins (its network mode plus
 * {@code NetworkingConfig}), its netns, its {@code /etc/hosts}, {@code resolv.conf} and {@code hostname}
 * (bind-mounted from {@code <state>/engine/files/<id>/}), published ports, and the API views of all that.
 */
final class NetworkWiring implements AutoCloseable {
    static final String DEFAULT = "bridge";
    private final Networking net;
    private final Path files;

    private NetworkWiring(Networking net, Path files) {
        this.net = net;
        this.files = files;
    }

    static NetworkWiring open(Path root, Path runDir, String instance) {
        Networking net = Networking.open(NetworkOptions.of(root.resolve("network"), runDir).withInstance(instance));
        NetworkWiring w = new NetworkWiring(net, root.resolve("engine/files"));
        try {
            w.ensureDefault();
        } catch (RuntimeException e) {
            // the engine still serves everything else; the first container on the bridge tries again
            LocalEngine.LOG.log(System.Logger.Level.WARNING, "cannot create the default bridge network yet: {0}",
                    e.getMessage());
        }
        return w;
    }

    /** Creates the default {@code bridge} network when it does not exist (a few tries: the host may be busy). */
    synchronized void ensureDefault() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (net.find(DEFAULT).isPresent()) {
                return;
            }
            try {
                net.create(defaultSpec());
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (net.find(DEFAULT).isEmpty()) {
            throw last != null ? last : new EngineException(500, "cannot create the default bridge network");
        }
    }

    /** The default bridge with the options Docker's shows; the first one also turns its built-in DNS off. */
    private static NetworkSpec defaultSpec() {
        return NetworkSpec.of(DEFAULT).withOption(Network.DEFAULT_BRIDGE_OPTION, "true")
                .withOption("com.docker.network.bridge.enable_icc", "true")
                .withOption("com.docker.network.bridge.enable_ip_masquerade", "true")
                .withOption("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
    }

    Networking networking() {
        return net;
    }

    static boolean hostMode(HostConfig h) {
        return h.networkMode().equals("host");
    }

    static boolean noneMode(HostConfig h) {
        return h.networkMode().equals("none");
    }

    /** The networks to join, in order: the mode's network, then the other endpoints asked for. */
    List<String> networksOf(ContainerCreate req) {
        HostConfig h = req.hostConfig();
        if (hostMode(h) || noneMode(h) || SharedNetwork.target(h).isPresent()) {
            return List.of();
        }
        String mode = h.networkMode();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        out.add(mode.isEmpty() || mode.equals("default") ? DEFAULT : mode);
        for (String n : req.networkingConfig().endpointsConfig().keySet()) {
            if (!n.equals("default")) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** Checks the request's networking at create time: networks exist, ports parse, mode is supported. */
    void check(ContainerCreate req) {
        String mode = req.hostConfig().networkMode();
        if (SharedNetwork.target(req.hostConfig()).isPresent()) {
            SharedNetwork.checkOptions(req);
            return;
        }
        for (String n : networksOf(req)) {
            if (n.equals(DEFAULT)) {
                ensureDefault();
            }
            if (net.find(n).isEmpty()) {
                throw new EngineException.NotFound("network " + n + " not found");
            }
        }
        if ((hostMode(req.hostConfig()) || noneMode(req.hostConfig()))
                && req.hostConfig().portBindings().values().stream().anyMatch(l -> !l.isEmpty())) {
            throw new EngineException.BadRequest("HostConfig.PortBindings: ports cannot be published with network mode "
                    + mode);
        }
        portRequests(req.hostConfig());
    }

    /** The bind mounts of the per-container network files (created empty now, written at each start). */
    List<ContainerMount> fileMounts(String id) {
        Path dir = files.resolve(id);
        try {
            Files.createDirectories(dir);
            for (String f : List.of("hosts", "resolv.conf", "hostname")) {
                if (!Files.exists(dir.resolve(f))) {
                    Files.writeString(dir.resolve(f), "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the network files of " + id, e);
        }
        return List.of(BindMount.of(dir.resolve("hosts"), "/etc/hosts", false),
                BindMount.of(dir.resolve("resolv.conf"), "/etc/resolv.conf", false),
                BindMount.of(dir.resolve("hostname"), "/etc/hostname", false));
    }

    /**
     * The namespace file the network module makes for the container's endpoints; none for the host's network, and
     * none for {@code none}, where the launcher makes a private namespace with only {@code lo} (up) itself.
     */
    Optional<Path> netnsPath(String id, HostConfig h) {
        return hostMode(h) || noneMode(h) ? Optional.empty() : Optional.of(net.namespacePath(id));
    }

    static List<PortRequest> portRequests(HostConfig h) {
        List<PortRequest> out = new ArrayList<>();
        for (Map.Entry<String, List<PortBinding>> e : h.portBindings().entrySet()) {
            String[] pp = e.getKey().split("/", 2);
            String proto = pp.length == 2 ? pp[1] : "tcp";
            for (PortBinding b : e.getValue()) {
                try {
                    if (b.hostPort().isEmpty() || b.hostPort().equals("0")) {
                        PortRequest r = PortRequest.ephemeral(Integer.parseInt(pp[0]), Protocol.parse(proto));
                        out.add(b.hostIp().isEmpty() ? r : r.withHostIp(b.hostIp()));
                    } else {
                        String ip = b.hostIp().isEmpty() ? "" : (b.hostIp().contains(":") ? "[" + b.hostIp() + "]" : b.hostIp()) + ":";
                        out.add(PortRequest.parse(ip + b.hostPort() + ":" + pp[0] + "/" + proto));
                    }
                } catch (RuntimeException ex) {
                    throw new EngineException.BadRequest("HostConfig.PortBindings[\"" + e.getKey() + "\"]: "
                            + ex.getMessage());
                }
            }
        }
        return out;
    }

    /** Before the process starts: netns, endpoints, files, ports (all or nothing). */
    void prepare(ContainerMeta m, String hostname) {
        ContainerCreate req = m.request();
        HostConfig h = req.hostConfig();
        String id = m.id();
        net.release(id);
        if (SharedNetwork.target(h).isPresent()) {
            return; // the namespace, files and ports are the other container's
        }
        try {
            if (!hostMode(h) && !noneMode(h)) {
                // the namespace and all its veths in one go (one process on the host)
                Path ns = net.namespacePath(id);
                List<Attachment> attachments = new ArrayList<>();
                for (String n : networksOf(req)) {
                    EndpointSettings ep = req.networkingConfig().endpointsConfig().getOrDefault(n,
                            req.networkingConfig().endpointsConfig().get("default"));
                    attachments.add(new Attachment(n, endpointRequest(m, ns, ep)));
                }
                net.createNamespace(id, attachments);
            }
            writeFiles(m, hostname);
            List<PortRequest> ports = portRequests(h);
            if (!ports.isEmpty()) {
                net.publish(id, ports);
            }
        } catch (RuntimeException e) {
            try {
                net.release(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static EndpointRequest endpointRequest(ContainerMeta m, Path ns, EndpointSettings ep) {
        EndpointRequest r = EndpointRequest.of(m.id(), m.name(), ns, ep == null ? List.of() : ep.aliases());
        if (ep == null) {
            return r;
        }
        if (ep.ipamConfig().isPresent() && !ep.ipamConfig().get().ipv4Address().isEmpty()) {
            r = r.withIpv4Address(ep.ipamConfig().get().ipv4Address());
        }
        if (ep.ipamConfig().isPresent() && !ep.ipamConfig().get().ipv6Address().isEmpty()) {
            r = r.withIpv6Address(ep.ipamConfig().get().ipv6Address());
        }
        return ep.macAddress().isEmpty() ? r : r.withMacAddress(ep.macAddress());
    }

    /**
     * (Re)writes the container's hosts, resolv.conf and hostname: its hostname maps to its addresses on every
     * network it is on now, so a connect or disconnect while it runs shows in its {@code /etc/hosts}.
     */
    private void writeFiles(ContainerMeta m, String hostname) {
        HostConfig h = m.request().hostConfig();
        List<String> own = new ArrayList<>();
        for (Endpoint e : net.endpointsOf(m.id())) {
            e.ipv4Address().ifPresent(a -> own.add(a.replaceFirst("/.*", "")));
            e.ipv6Address().ifPresent(a -> own.add(a.replaceFirst("/.*", "")));
        }
        ContainerFilesSpec spec = ContainerFilesSpec.of(hostname, own).withExtraHosts(h.extraHosts())
                .withDns(h.dns(), h.dnsSearch(), h.dnsOptions()).withResolver(resolver(m));
        Optional<String> gateway = hostGateway();
        if (gateway.isPresent()) {
            spec = spec.withHostGateway(gateway.get());
        }
        if (!m.request().config().domainname().isEmpty()) {
            spec = spec.withDomainname(m.request().config().domainname());
        }
        net.writeContainerFiles(m.id(), files.resolve(m.id()), spec);
    }

    /**
     * As Docker: the host's servers in host mode, the built-in DNS when the container was created on a
     * user-defined network, the host's reachable servers on the default bridge and in none mode.
     */
    private ContainerFilesSpec.Resolver resolver(ContainerMeta m) {
        HostConfig h = m.request().hostConfig();
        if (hostMode(h)) {
            return ContainerFilesSpec.Resolver.HOST;
        }
        List<String> networks = networksOf(m.request());
        boolean embedded = !networks.isEmpty() && net.find(networks.get(0)).map(Network::embeddedDns).orElse(true);
        return embedded ? ContainerFilesSpec.Resolver.EMBEDDED : ContainerFilesSpec.Resolver.HOST_FILTERED;
    }

    /** What {@code host-gateway} in ExtraHosts means: the default bridge's IPv4 gateway, as in Docker. */
    private Optional<String> hostGateway() {
        return net.find(DEFAULT).flatMap(n -> n.subnets().stream().map(s -> s.gateway())
                .filter(g -> !g.contains(":")).findFirst());
    }

    /** {@code docker network connect} of a running container: a new endpoint, then its files. */
    void connectRunning(ContainerMeta m, String network, EndpointSettings ep, String hostname) {
        net.connect(network, endpointRequest(m, net.namespacePath(m.id()), ep));
        writeFiles(m, hostname);
    }

    /** {@code docker network disconnect} of a running container. */
    void disconnectRunning(ContainerMeta m, String network, String hostname) {
        net.disconnect(network, m.id());
        writeFiles(m, hostname);
    }

    /** After the container stopped or was removed. */
    void release(String id) {
        net.release(id);
    }

    /**
     * As {@link #release}, with the host's links and namespace file deleted on the network module's thread:
     * the next start, connect or release of the container finishes that first.
     */
    void releaseLater(String id) {
        net.releaseLater(id);
    }

    void forget(String id) throws IOException {
        Path dir = files.resolve(id);
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Deletes the network files of containers not in {@code ids} (an engine killed before deleting them). */
    void forgetAllBut(java.util.Set<String> ids) {
        if (!Files.isDirectory(files)) {
            return;
        }
        try (var s = Files.list(files)) {
            for (Path p : s.toList()) {
                if (!ids.contains(p.getFileName().toString())) {
                    forget(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LocalEngine.LOG.log(System.Logger.Level.WARNING, "cannot clean the network files in {0}: {1}", files,
                    e.getMessage());
        }
    }

    /** {@code NetworkSettings.Networks} of a running container. */
    Map<String, EndpointSettings> endpoints(String id, ContainerCreate req) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        Map<String, String> names = new TreeMap<>();
        for (Network n : net.list()) {
            names.put(n.id(), n.name());
        }
        for (Endpoint e : net.endpointsOf(id)) {
            String ip = e.ipv4Address().orElse("");
            String ip6 = e.ipv6Address().orElse("");
            String name = names.getOrDefault(e.networkId(), e.networkId());
            out.put(name, new EndpointSettings(Optional.empty(), List.of(), e.aliases(), e.networkId(), e.id(),
                    e.ipv4Gateway().orElse(""), ip.replaceFirst("/.*", ""), prefixLength(ip), e.macAddress(),
                    List.of(e.containerName(), id.substring(0, 12)), Map.of(), e.ipv6Gateway().orElse(""),
                    ip6.replaceFirst("/.*", ""), prefixLength(ip6)));
        }
        HostConfig h = req.hostConfig();
        if (out.isEmpty() && (hostMode(h) || noneMode(h))) {
            // as Docker: one entry for the pseudo network, with its id and no addresses
            String mode = h.networkMode();
            String networkId = SystemViews.predefinedNetworks().stream().filter(n -> n.name().equals(mode))
                    .map(io.jcompose.engine.api.Network::id).findFirst().orElse("");
            out.put(mode, new EndpointSettings(Optional.empty(), List.of(), List.of(), networkId, "", "", "", 0, "",
                    List.of(), Map.of(), "", "", 0));
        }
        if (out.isEmpty()) {
            for (String n : networksOf(req)) {
                out.put(n, EndpointSettings.withAliases(List.of()));
            }
        }
        return out;
    }

    private static int prefixLength(String cidr) {
        return cidr.contains("/") ? Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)) : 0;
    }

    Map<String, List<PortBinding>> ports(String id) {
        Map<String, List<PortBinding>> out = new TreeMap<>();
        for (PublishedPort p : net.ports(id)) {
            out.computeIfAbsent(p.containerPort() + "/" + p.protocol().name().toLowerCase(), k -> new ArrayList<>())
                    .add(new PortBinding(p.hostIp(), String.valueOf(p.hostPort())));
        }
        return out;
    }

    List<io.jcompose.engine.api.Port> summaryPorts(String id) {
        List<io.jcompose.engine.api.Port> out = new ArrayList<>();
        for (PublishedPort p : net.ports(id)) {
            out.add(new io.jcompose.engine.api.Port(p.hostIp(), p.containerPort(), p.hostPort(),
                    p.protocol().name().toLowerCase()));
        }
        return out;
    }

    // ------------------------------------------------------------------ the network API

    io.jcompose.engine.api.Network view(Network n) {
        List<Ipam.Pool> pools = new ArrayList<>();
        n.subnets().forEach(s -> pools.add(new Ipam.Pool(s.subnet(), s.ipRange().orElse(""), s.gateway(),
                s.auxAddresses())));
        Map<String, io.jcompose.engine.api.Network.NetworkMember> members = new TreeMap<>();
        n.endpoints().values().forEach(e -> members.put(e.containerId(), new io.jcompose.engine.api.Network.NetworkMember(
                e.containerName(), e.id(), e.macAddress(), e.ipv4Address().orElse(""), e.ipv6Address().orElse(""))));
        return new io.jcompose.engine.api.Network(n.name(), n.id(), n.created(), "local", n.driver(), n.enableIpv6(),
                new Ipam("default", pools, Map.of()), n.internal(), n.attachable(), members, n.options(), n.labels());
    }

    Network create(NetworkCreate req) {
        if (req.name().isEmpty()) {
            throw new EngineException.BadRequest("network name is required");
        }
        if (!req.options().isEmpty()) {
            throw new EngineException.BadRequest("Options: driver options " + req.options().keySet()
                    + " are not supported by the jcompose engine");
        }
        List<IpamConfig> ipam = new ArrayList<>();
        req.ipam().ifPresent(i -> i.config().forEach(p -> ipam.add(new IpamConfig(
                p.subnet().isEmpty() ? Optional.empty() : Optional.of(p.subnet()),
                p.ipRange().isEmpty() ? Optional.empty() : Optional.of(p.ipRange()),
                p.gateway().isEmpty() ? Optional.empty() : Optional.of(p.gateway()), p.auxiliaryAddresses()))));
        NetworkSpec spec = NetworkSpec.of(req.name()).withDriver(req.driver().isEmpty() ? "bridge" : req.driver())
                .withInternal(req.internal()).withAttachable(req.attachable()).withEnableIpv6(req.enableIpv6())
                .withLabels(req.labels()).withIpam(ipam);
        return net.create(spec);
    }

    /** Removes every network (the default bridge too): bridges, DNS listeners and firewall rules go. */
    void removeAll() {
        for (Network n : net.list()) {
            try {
                net.remove(n.id());
            } catch (RuntimeException e) {
                LocalEngine.LOG.log(System.Logger.Level.WARNING, "cannot remove network {0}: {1}", n.name(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
