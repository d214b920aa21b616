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
 * {@code instance} (two letters, {@code jc} by default) names the bridges ({@code jc-…}), veths
 * ({@code jcv…}) and iptables chains this instance owns and cleans up; tests and benchmarks use
 * their own so they never touch a running engine's.
 */
public record NetworkOptions(Path stateDir, Path runDir, List<AddressPool> pools,
                             Optional<List<InetSocketAddress>> upstreamDns, Path hostResolvConf, int dnsPort,
                             String instance) {

    public NetworkOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(runDir, "runDir");
        pools = List.copyOf(pools);
        upstreamDns = upstreamDns.map(List::copyOf);
        if (!instance.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("instance must be two lower-case letters: " + instance);
        }
    }

    /** Prefix of iptables chains: {@code JCOMPOSE} for the default instance. */
    public String chainPrefix() {
        return instance.equals("jc") ? "JCOMPOSE" : "JCOMPOSE_" + instance.toUpperCase(java.util.Locale.ROOT);
    }

    /** Another instance tag (two letters): its bridges, veths and chains are its own. */
    public NetworkOptions withInstance(String value) {
        return new NetworkOptions(stateDir, runDir, pools, upstreamDns, hostResolvConf, dnsPort, value);
    }

    /** Defaults under the engine's directories: {@code <state>/network}, {@code <run>/netns}. */
    public static NetworkOptions of(Path stateDir, Path runDir) {
        return new NetworkOptions(stateDir, runDir, AddressPool.DEFAULTS, Optional.empty(),
                Path.of("/etc/resolv.conf"), 53, "jc");
    }

    public NetworkOptions withPools(List<AddressPool> value) {
        return new NetworkOptions(stateDir, runDir, value, upstreamDns, hostResolvConf, dnsPort, instance);
    }

    public NetworkOptions withUpstreamDns(List<InetSocketAddress> value) {
        return new NetworkOptions(stateDir, runDir, pools, Optional.of(value), hostResolvConf, dnsPort, instance);
    }

    public NetworkOptions withHostResolvConf(Path value) {
        return new NetworkOptions(stateDir, runDir, pools, upstreamDns, value, dnsPort, instance);
    }

    public NetworkOptions withDnsPort(int value) {
        return new NetworkOptions(stateDir, runDir, pools, upstreamDns, hostResolvConf, value, instance);
    }
}
