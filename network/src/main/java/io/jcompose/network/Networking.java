package io.jcompose.network;

import io.jcompose.network.internal.DnatRule;
import io.jcompose.network.internal.DnsServer;
import io.jcompose.network.internal.FirewallRules;
import io.jcompose.network.internal.Ipam;
import io.jcompose.network.internal.LinuxNetHost;
import io.jcompose.network.internal.NameTable;
import io.jcompose.network.internal.PortLease;
import io.jcompose.network.internal.PortTable;
import io.jcompose.network.internal.StateStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The network module's entry point, one per engine: bridge networks (create, inspect, list,
 * remove, prune), network namespaces for containers, endpoints (connect, disconnect), published
 * ports, and the containers' DNS. State is kept under the state directory so that networks,
 * endpoints and ports survive an engine restart; {@link #open} removes whatever a crash left on
 * the host that the state does not know.
 *
 * <p>It knows nothing of compose or the Docker API: the engine translates.
 */
public final class Networking implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Networking.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkOptions options;
    private final NetHost host;
    private final StateStore store;
    private final DnsServer dns;
    private final PortTable ports;
    private final FirewallRules rules;
    private final Map<String, Network> networks = new TreeMap<>();
    private final Map<String, List<InetSocketAddress>> upstreams = new ConcurrentHashMap<>();
    private String installedFirewall = "";
    /** Teardowns not yet done, by container id; see {@link #releaseLater}. */
    private final Map<String, Teardown> pending = new ConcurrentHashMap<>();
    private final Executor teardowns;

    private Networking(NetworkOptions options, NetHost host, Executor teardowns) {
        this.options = options;
        this.host = host;
        this.teardowns = teardowns;
        this.store = new StateStore(options.stateDir());
        this.dns = new DnsServer(options.dnsPort(), options.upstreamDns().orElseGet(this::hostUpstreams));
        this.ports = new PortTable(this::targetOf);
        this.rules = new FirewallRules(options.chainPrefix(), options.instance());
    }

    /** Opens networking on this Linux host (iproute2, util-linux, iptables). */
    public static Networking open(NetworkOptions options) {
        return open(options, new LinuxNetHost());
    }

    /** Opens networking over the given host port (a fake in tests), restoring state and cleaning up. */
    public static Networking open(NetworkOptions options, NetHost host) {
        return open(options, host, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "network-teardown");
            t.setDaemon(true);
            return t;
        }));
    }

    /** {@link #open(NetworkOptions, NetHost)} with the executor that runs {@link #releaseLater}'s host work. */
    static Networking open(NetworkOptions options, NetHost host, Executor teardowns) {
        Networking n = new Networking(options, host, teardowns);
        n.restore();
        return n;
    }

    private List<InetSocketAddress> hostUpstreams() {
        try {
            return ContainerFiles.HostResolvConf.parse(Files.readString(options.hostResolvConf())).upstreams();
        } catch (IOException e) {
            return List.of();
        }
    }

    private synchronized void restore() {
        Set<String> links = new HashSet<>(host.links());
        for (Network n : store.loadNetworks()) {
            if (!links.contains(n.bridge())) {
                // the host lost it (reboot): rebuild the bridge; endpoints died with their netns
                createBridge(n);
                n = n.withEndpoints(Map.of());
                store.save(n);
            } else {
                Map<String, Endpoint> alive = new TreeMap<>();
                n.endpoints().forEach((k, e) -> {
                    if (links.contains(e.hostVeth())) {
                        alive.put(k, e);
                    }
                });
                if (alive.size() != n.endpoints().size()) {
                    n = n.withEndpoints(alive);
                    store.save(n);
                }
            }
            networks.put(n.id(), n);
        }
        Set<String> ours = new HashSet<>();
        for (Network n : networks.values()) {
            ours.add(n.bridge());
            n.endpoints().values().forEach(e -> ours.add(e.hostVeth()));
        }
        for (String l : links) {
            if ((l.startsWith(options.instance() + "-") || l.startsWith(options.instance() + "v")) && !ours.contains(l)) {
                LOG.log(System.Logger.Level.INFO, "removing stale link " + l);
                host.deleteLink(l);
            }
        }
        for (PortLease lease : store.loadPorts()) {
            if (endpointsOf(lease.containerId()).isEmpty()) {
                store.savePorts(lease.containerId(), List.of());
                continue;
            }
            try {
                ports.rebind(lease);
            } catch (NetworkException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot restore published port: " + e.getMessage());
            }
        }
        for (String c : ports.containers()) {
            store.savePorts(c, ports.leases(c));
        }
        if (networks.isEmpty()) {
            host.clearFirewall(rules.jumps(), rules.chains());
        } else {
            syncFirewall();
        }
        store.loadDns().forEach((c, servers) -> {
            if (endpointsOf(c).isEmpty()) {
                store.saveDns(c, List.of());
            } else {
                upstreams.put(c, servers.stream().map(Networking::dnsServer).toList());
            }
        });
        networks.values().forEach(this::listenDns);
        refreshNames();
    }

    // ---------------------------------------------------------------- networks

    /** Creates a bridge network. Fails with CONFLICT on a duplicate name or overlapping subnet. */
    public synchronized Network create(NetworkSpec spec) {
        String name = spec.name();
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new NetworkException(NetworkException.Kind.INVALID, "invalid network name \"" + name
                    + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (!spec.driver().isEmpty() && !spec.driver().equals("bridge")) {
            throw new NetworkException(NetworkException.Kind.INVALID, "network driver \"" + spec.driver()
                    + "\" is not supported (only bridge)");
        }
        if (networks.values().stream().anyMatch(n -> n.name().equals(name))) {
            throw new NetworkException(NetworkException.Kind.CONFLICT, "network with name " + name + " already exists");
        }
        if (spec.enableIpv6() && !host.ipv6Available()) {
            throw new NetworkException(NetworkException.Kind.HOST, "network " + name
                    + ": enable_ipv6 is set but IPv6 is disabled in this kernel");
        }
        String id = hex(32);
        List<Cidr> taken = takenPrefixes();
        List<Subnet> subnets = Ipam.plan(spec, id, options.pools(), taken);
        Network n = new Network(id, name, options.instance() + "-" + id.substring(0, 12), "bridge", spec.internal(),
                spec.attachable(), spec.enableIpv6(), subnets, spec.labels(), spec.options(), Instant.now().toString(), Map.of());
        createBridge(n);
        try {
            store.save(n);
            networks.put(id, n);
            syncFirewall();
            listenDns(n);
            refreshNames();
        } catch (RuntimeException e) {
            networks.remove(id);
            store.deleteNetwork(id);
            try {
                host.deleteLink(n.bridge());
                syncFirewall();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "created network " + name + " (" + n.bridge() + ", "
                + subnets.stream().map(Subnet::subnet).collect(Collectors.joining(", ")) + ")");
        return n;
    }

    private void createBridge(Network n) {
        List<String> addresses = n.subnets().stream().map(s -> s.gateway() + "/" + s.cidr().prefix()).toList();
        host.createBridge(n.bridge(), addresses, mtu(n));
        try {
            // lets the OUTPUT DNAT rules send 127.0.0.1:port to a container, see ip-sysctl(7)
            host.sysctl("net.ipv4.conf." + n.bridge() + ".route_localnet", "1");
            if (!n.internal()) {
                host.sysctl("net.ipv4.ip_forward", "1");
            }
        } catch (RuntimeException e) {
            try {
                host.deleteLink(n.bridge());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    static Optional<Integer> mtu(Network n) {
        try {
            return Optional.ofNullable(n.options().get("com.docker.network.driver.mtu")).map(Integer::valueOf);
        } catch (NumberFormatException e) {
            throw new NetworkException(NetworkException.Kind.INVALID, "network " + n.name() + ": invalid mtu");
        }
    }

    private List<Cidr> takenPrefixes() {
        List<Cidr> taken = new ArrayList<>();
        for (Network n : networks.values()) {
            n.subnets().forEach(s -> taken.add(s.cidr()));
        }
        for (String p : host.hostPrefixes()) {
            try {
                Cidr c = Cidr.parse(p);
                if (!c.address().isLoopbackAddress() && !c.address().isLinkLocalAddress()
                        && !c.address().isMulticastAddress()) {
                    taken.add(c.network());
                }
            } catch (IllegalArgumentException ignored) {
                // a route we cannot parse cannot clash with a subnet we would choose
            }
        }
        return taken;
    }

    /** A network by name, full id or unique id prefix. */
    public synchronized Optional<Network> find(String idOrName) {
        for (Network n : networks.values()) {
            if (n.name().equals(idOrName) || n.id().equals(idOrName)) {
                return Optional.of(n);
            }
        }
        List<Network> byPrefix = networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
        if (byPrefix.size() > 1) {
            throw new NetworkException(NetworkException.Kind.CONFLICT, "network " + idOrName + " is ambiguous ("
                    + byPrefix.size() + " matches found based on ID prefix)");
        }
        return byPrefix.stream().findFirst();
    }

    /** Like {@link #find}, failing with NOT_FOUND. */
    public Network inspect(String idOrName) {
        return find(idOrName).orElseThrow(() -> new NetworkException(NetworkException.Kind.NOT_FOUND,
                "network " + idOrName + " not found"));
    }

    /** All networks, sorted by name. */
    public synchronized List<Network> list() {
        return networks.values().stream().sorted(Comparator.comparing(Network::name)).toList();
    }

    /** Removes a network without endpoints: its bridge, rules, DNS listener and state. */
    public synchronized void remove(String idOrName) {
        Network n = inspect(idOrName);
        if (!n.endpoints().isEmpty()) {
            throw new NetworkException(NetworkException.Kind.CONFLICT, "error while removing network: network "
                    + n.name() + " id " + n.id() + " has active endpoints ("
                    + n.endpoints().values().stream().map(Endpoint::containerName).sorted()
                    .collect(Collectors.joining(", ")) + ")");
        }
        dns.unlisten(n.id());
        host.deleteLink(n.bridge());
        networks.remove(n.id());
        store.deleteNetwork(n.id());
        if (networks.isEmpty()) {
            host.clearFirewall(rules.jumps(), rules.chains());
            installedFirewall = "";
        } else {
            syncFirewall();
        }
        refreshNames();
    }

    /** Removes every network without endpoints that {@code filter} accepts; returns their names. */
    public synchronized List<String> prune(Predicate<Network> filter) {
        List<String> removed = new ArrayList<>();
        for (Network n : list()) {
            if (n.endpoints().isEmpty() && filter.test(n)) {
                remove(n.id());
                removed.add(n.name());
            }
        }
        return removed;
    }

    // ---------------------------------------------------------------- namespaces

    /**
     * Creates a network namespace for a container: a file under {@code <run dir>/netns} that the
     * launcher joins (setns on the opened file). Loopback is up.
     */
    public Path createNamespace(String containerId) {
        Path p = namespacePath(containerId);
        awaitTeardown(containerId);
        host.createNamespace(p);
        return p;
    }

    /**
     * {@link #createNamespace(String)} and then {@link #connect} to each network in order, with all the host work
     * in one step (one process on Linux instead of one per call). All or nothing. Each request names this
     * container and its {@link #namespacePath}.
     */
    public List<Endpoint> createNamespace(String containerId, List<Attachment> attachments) {
        Path p = namespacePath(containerId);
        for (Attachment a : attachments) {
            if (!a.request().containerId().equals(containerId) || !a.request().netns().equals(p)) {
                throw new IllegalArgumentException("attachment for " + a.request().containerId() + " in "
                        + a.request().netns() + " given to " + containerId);
            }
        }
        awaitTeardown(containerId);
        attachments.forEach(a -> awaitAddresses(a.network(), a.request()));
        Attacher attacher = new Attacher(this);
        List<Attacher.Prepared> prepared = new ArrayList<>();
        try {
            synchronized (this) {
                for (Attachment a : attachments) {
                    prepared.add(attacher.prepare(inspect(a.network()), a.request(), false));
                }
            }
            host.createNamespace(p, prepared.stream().map(Attacher.Prepared::spec).toList());
        } catch (RuntimeException e) {
            synchronized (this) {
                prepared.forEach(x -> attacher.forget(x.endpoint()));
            }
            throw e;
        }
        synchronized (this) {
            refreshNames();
            syncFirewall();
        }
        return prepared.stream().map(Attacher.Prepared::endpoint).toList();
    }

    /** Where {@link #createNamespace} puts a container's namespace file. */
    public Path namespacePath(String containerId) {
        checkId(containerId);
        return options.runDir().resolve("netns").resolve(containerId);
    }

    /**
     * Everything a stopped or removed container held: its published ports, its endpoints on
     * every network, and the namespace file made by {@link #createNamespace} if there is one.
     */
    public synchronized void release(String containerId) {
        Failures failures = new Failures();
        Teardown t = schedule(containerId, failures);
        failures.run(() -> runTeardown(t));
        failures.throwFirst();
    }

    /**
     * {@link #release} with the host work (deleting the veths and the namespace file, tens of milliseconds of
     * kernel time) left to a background thread: ports, endpoints, names and DNS are released before this returns.
     * A later {@link #createNamespace}, {@link #connect} or {@link #release} of the same container first finishes
     * that work (running it itself if it has not started, again if it failed), so a restart never meets its old
     * veth or namespace. {@link #close} finishes what is left.
     *
     * <p>The addresses the container had stay taken until its host veths are gone: until then the old veth is
     * still on the bridge, and its end in the old namespace would answer ARP for the address (and, as the MAC is
     * derived from the address, share the new container's MAC). Once the host end is deleted, what may linger in a
     * dying namespace is cut off from the bridge and harmless. New containers get other addresses meanwhile; one
     * that asks for such an address statically waits for the teardown instead.
     *
     * @return completes when the background work is done, exceptionally when it failed (the work stays pending
     *         and the next caller above runs it again); failures of the bookkeeping are thrown at once
     */
    public CompletableFuture<Void> releaseLater(String containerId) {
        Teardown t;
        synchronized (this) {
            Failures failures = new Failures();
            t = schedule(containerId, failures);
            failures.throwFirst();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable job = () -> {
            try {
                runTeardown(t);
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "container " + containerId + ": releasing its network on the "
                        + "host failed (tried again on its next start or release): " + e.getMessage());
                done.completeExceptionally(e);
            }
        };
        try {
            teardowns.execute(job);
        } catch (RejectedExecutionException e) {
            job.run(); // closed: nobody would run it later
        }
        return done;
    }

    /**
     * The bookkeeping half of a release (ports, endpoints, names, DNS servers); returns the host half, now
     * pending, merged with what was pending for the container (a teardown that failed, or one still running).
     */
    private Teardown schedule(String containerId, Failures failures) {
        failures.run(() -> unpublish(containerId));
        List<Endpoint> endpoints = endpointsOf(containerId);
        Attacher attacher = new Attacher(this);
        for (Endpoint e : endpoints) {
            failures.run(() -> attacher.forget(e));
        }
        upstreams.remove(containerId);
        if (!endpoints.isEmpty()) {
            failures.run(() -> {
                refreshNames();
                syncFirewall();
            });
        }
        failures.run(() -> store.saveDns(containerId, List.of()));
        Teardown t = new Teardown(containerId, endpoints, namespacePath(containerId));
        Teardown before = pending.get(containerId);
        t = before == null ? t : t.after(before);
        pending.put(containerId, t);
        return t;
    }

    /** Runs the container's pending teardown, if any, in this thread (or waits for the thread running it). */
    private void awaitTeardown(String containerId) {
        Teardown t = pending.get(containerId);
        if (t != null) {
            runTeardown(t);
        }
    }

    /** Before static addresses on a network are taken: the teardowns that may hold them are run first. */
    private void awaitAddresses(String network, EndpointRequest req) {
        if (req.ipv4Address().isEmpty() && req.ipv6Address().isEmpty()) {
            return;
        }
        Optional<Network> n = find(network);
        if (n.isPresent()) {
            for (Teardown t : List.copyOf(pending.values())) {
                if (t.on(n.get().id())) {
                    runTeardown(t);
                }
            }
        }
    }

    private void runTeardown(Teardown t) {
        t.run(host);
        pending.remove(t.containerId(), t);
    }

    /** The addresses on a network that pending teardowns still hold, see {@link #releaseLater}. */
    Set<String> heldAddresses(String networkId, boolean ipv6) {
        Set<String> held = new HashSet<>();
        pending.values().forEach(t -> held.addAll(t.addresses(networkId, ipv6)));
        return held;
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * Attaches a container (its netns) to a network: a veth pair, the next free {@code ethN},
     * an address (static or the next free one), the MAC, a default route via the gateway for the
     * first non-internal network, and DNS at 127.0.0.11. Its names resolve as soon as this returns.
     */
    public Endpoint connect(String network, EndpointRequest req) {
        awaitTeardown(req.containerId());
        awaitAddresses(network, req);
        Attacher attacher = new Attacher(this);
        Attacher.Prepared p;
        synchronized (this) {
            p = attacher.prepare(inspect(network), req, true);
        }
        // the host work runs unlocked, so parallel container starts attach in parallel
        try {
            host.attach(p.spec());
        } catch (RuntimeException e) {
            synchronized (this) {
                attacher.forget(p.endpoint());
            }
            throw e;
        }
        synchronized (this) {
            refreshNames();
            syncFirewall();
        }
        return p.endpoint();
    }

    /** Detaches a container from a network; its address and names are released. */
    public synchronized void disconnect(String network, String containerId) {
        new Attacher(this).disconnect(inspect(network), containerId);
    }

    /** A container's endpoints in connect order. */
    public synchronized List<Endpoint> endpointsOf(String containerId) {
        return networks.values().stream().map(n -> n.endpoints().get(containerId)).filter(e -> e != null)
                .sorted(Comparator.comparingLong(Endpoint::seq)).toList();
    }

    // ---------------------------------------------------------------- ports

    /**
     * Publishes ports of a container that is connected to at least one non-internal network.
     * All or nothing: when one port is in use, none is published and the error names the port.
     */
    public synchronized List<PublishedPort> publish(String containerId, List<PortRequest> requests) {
        checkId(containerId);
        if (targetOf(containerId).isEmpty()) {
            throw new NetworkException(NetworkException.Kind.INVALID, "cannot publish ports: container "
                    + containerId + " is not connected to a network that is not internal");
        }
        List<PortLease> added = ports.publish(containerId, requests);
        try {
            store.savePorts(containerId, ports.leases(containerId));
            syncFirewall();
        } catch (RuntimeException e) {
            ports.remove(containerId, added);
            try {
                store.savePorts(containerId, ports.leases(containerId));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return added.stream().map(PortLease::toPublished).toList();
    }

    /** Stops publishing all ports of a container. */
    public synchronized void unpublish(String containerId) {
        if (ports.leases(containerId).isEmpty()) {
            return;
        }
        ports.remove(containerId, ports.leases(containerId));
        store.savePorts(containerId, List.of());
        syncFirewall();
    }

    /** The published ports of a container. */
    public synchronized List<PublishedPort> ports(String containerId) {
        return ports.leases(containerId).stream().map(PortLease::toPublished).toList();
    }

    private Optional<InetSocketAddress> targetOf(String containerId) {
        return primary(containerId).flatMap(Endpoint::ipv4).map(ip -> new InetSocketAddress(Cidr.parseAddress(ip), 0));
    }

    /** The first non-internal endpoint with an IPv4 address: default route and published ports. */
    synchronized Optional<Endpoint> primary(String containerId) {
        return endpointsOf(containerId).stream()
                .filter(e -> !networks.get(e.networkId()).internal() && e.ipv4().isPresent()).findFirst();
    }

    // ---------------------------------------------------------------- DNS

    /** The resolvers the built-in DNS forwards to for this container ({@code dns:}); empty = host's. */
    public void setDnsServers(String containerId, List<String> servers) {
        checkId(containerId);
        List<InetSocketAddress> list = new ArrayList<>();
        for (String s : servers) {
            list.add(dnsServer(s));
        }
        synchronized (this) {
            if (list.isEmpty()) {
                upstreams.remove(containerId);
            } else {
                upstreams.put(containerId, List.copyOf(list));
            }
            store.saveDns(containerId, servers);
            refreshNames();
        }
    }

    /**
     * Writes the container's {@code hosts}, {@code resolv.conf} and {@code hostname} into
     * {@code dir} (for the engine to bind-mount) and points the built-in DNS at its {@code dns}
     * servers.
     */
    public void writeContainerFiles(String containerId, Path dir, ContainerFilesSpec spec) {
        String hostConf;
        try {
            hostConf = Files.exists(options.hostResolvConf()) ? Files.readString(options.hostResolvConf()) : "";
            if (spec.resolver() == ContainerFilesSpec.Resolver.HOST_FILTERED && onlySystemdResolved(hostConf)) {
                // as Docker: the stub's upstreams, which a container can reach, instead of 127.0.0.53
                hostConf = Files.readString(SYSTEMD_RESOLVED_UPSTREAMS);
            }
        } catch (IOException e) {
            hostConf = "";
        }
        String dnsAddress = ContainerFiles.EMBEDDED_DNS;
        if (!host.firewallAvailable()) {
            // without iptables 127.0.0.11 cannot be redirected; name the gateway itself
            dnsAddress = endpointsOf(containerId).stream().findFirst().flatMap(Endpoint::ipv4Gateway)
                    .orElse(ContainerFiles.EMBEDDED_DNS);
        }
        ContainerFiles.write(dir, spec, hostConf, dnsAddress);
        if (spec.embeddedDns()) {
            setDnsServers(containerId, spec.dns());
        }
    }

    private static final Path SYSTEMD_RESOLVED_UPSTREAMS = Path.of("/run/systemd/resolve/resolv.conf");

    private boolean onlySystemdResolved(String hostConf) {
        return options.hostResolvConf().equals(Path.of("/etc/resolv.conf"))
                && ContainerFiles.HostResolvConf.parse(hostConf).nameservers().equals(List.of("127.0.0.53"))
                && Files.isReadable(SYSTEMD_RESOLVED_UPSTREAMS);
    }

    /**
     * Whether NAT, isolation and the 127.0.0.11 redirect are in force (iptables usable); without
     * them published ports use the userland proxy only. For {@code docker info}-style warnings.
     */
    public boolean firewallAvailable() {
        return host.firewallAvailable();
    }

    /** Where the built-in DNS listens for a network (containers reach it as 127.0.0.11:53). */
    public Optional<InetSocketAddress> dnsAddress(String networkId) {
        return dns.address(networkId);
    }

    // ---------------------------------------------------------------- shared with Attacher

    NetHost host() {
        return host;
    }

    void put(Network n) {
        store.save(n);
        networks.put(n.id(), n);
    }

    String vethName(String endpointId) {
        return options.instance() + "v" + endpointId.substring(0, 12);
    }

    int dnsPort() {
        return options.dnsPort();
    }

    void syncFirewall() {
        if (!host.firewallAvailable()) {
            return;
        }
        List<DnatRule> rules = new ArrayList<>();
        for (String c : ports.containers()) {
            Optional<Endpoint> target = primary(c);
            if (target.isEmpty()) {
                continue;
            }
            String bridge = networks.get(target.get().networkId()).bridge();
            for (PortLease l : ports.leases(c)) {
                if (PortTable.ipv4(l.hostIp())) {
                    rules.add(new DnatRule(PortTable.ruleAddress(l.hostIp()), l.hostPort(), l.protocol(),
                            target.get().ipv4().get(), l.containerPort(), bridge));
                }
            }
        }
        String text = this.rules.render(list(), rules);
        if (!text.equals(installedFirewall)) {
            host.applyFirewall(text, this.rules.jumps());
            installedFirewall = text;
        }
    }

    private void listenDns(Network n) {
        if (!n.embeddedDns()) {
            return;
        }
        n.subnets().stream().filter(s -> !s.isIpv6()).findFirst().ifPresent(s -> dns.listen(n.id(), s.gateway()));
    }

    void refreshNames() {
        dns.update(NameTable.of(new ArrayList<>(networks.values()), new LinkedHashMap<>(upstreams)));
    }

    /** {@code a.b.c.d}, {@code a.b.c.d:port} or an IPv6 address, port 53 by default. */
    static InetSocketAddress dnsServer(String s) {
        try {
            int colon = s.indexOf(':');
            if (colon > 0 && colon == s.lastIndexOf(':')) {
                return new InetSocketAddress(Cidr.parseAddress(s.substring(0, colon)),
                        Integer.parseInt(s.substring(colon + 1)));
            }
            return new InetSocketAddress(Cidr.parseAddress(s), 53);
        } catch (IllegalArgumentException e) {
            throw new NetworkException(NetworkException.Kind.INVALID, "invalid dns server \"" + s + "\"");
        }
    }

    static void checkId(String containerId) {
        if (!containerId.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("bad container id " + containerId);
        }
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Finishes pending teardowns, stops the DNS server and the port proxies; the host state stays for the next
     * {@link #open}.
     */
    @Override
    public synchronized void close() {
        if (teardowns instanceof ExecutorService s) {
            s.shutdown();
        }
        for (Teardown t : List.copyOf(pending.values())) {
            try {
                runTeardown(t);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "container " + t.containerId() + ": releasing its network on "
                        + "the host failed: " + e.getMessage());
            }
        }
        dns.close();
        ports.closeAll();
    }
}
