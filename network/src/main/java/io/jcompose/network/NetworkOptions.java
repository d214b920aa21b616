package io.jcompose.network;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where networking keeps its state and how it chooses addresses. {@code upstreamDns} empty means
 * "the nameservers of {@code hostResolvConf}"; {@code dnsPort} is where the DNS server listens on
 * each gateway (53 unless a test needs otherwise; containers always ask 127.0.0.11:53).
 */
public record NetworkOptions(Path stateDir, Path runDir, List<AddressPool> pools,
                             Optional<List<InetSocketAddress>> upstreamDns, Path hostResolvConf, int dnsPort) {

    public NetworkOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(runDir, "runDir");
        pools = List.copyOf(pools);
        upstreamDns = upstreamDns.map(List::copyOf);
    }

    /** Defaults under the engine's directories: {@code <state>/network}, {@code <run>/netns}. */
    public static NetworkOptions of(Path stateDir, Path runDir) {
        return new NetworkOptions(stateDir, runDir, AddressPool.DEFAULTS, Optional.empty(),
                Path.of("/etc/resolv.conf"), 53);
    }

    public NetworkOptions withPools(List<AddressPool> value) {
        return new NetworkOptions(stateDir, runDir, value, upstreamDns, hostResolvConf, dnsPort);
    }

    public NetworkOptions withUpstreamDns(List<InetSocketAddress> value) {
        return new NetworkOptions(stateDir, runDir, pools, Optional.of(value), hostResolvConf, dnsPort);
    }

    public NetworkOptions withHostResolvConf(Path value) {
        return new NetworkOptions(stateDir, runDir, pools, upstreamDns, value, dnsPort);
    }

    public NetworkOptions withDnsPort(int value) {
        return new NetworkOptions(stateDir, runDir, pools, upstreamDns, hostResolvConf, value);
    }
}
