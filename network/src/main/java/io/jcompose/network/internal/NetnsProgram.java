package io.jcompose.network.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code jcompose-netns} (C sources in network/netns), which makes a container's network namespace or enters
 * an existing one, and makes its veth pairs, addresses, routes and nft DNS rules, all in one process, so that no
 * JVM thread ever calls unshare(2) or setns(2) (see docs/network.md). Java decides everything; the spec (format in
 * netns/spec.c) only lists it. On failure the program has undone what it made and answers with one error record.
 */
final class NetnsProgram {

    /** The system property that names the binary; else {@code netns/jcompose-netns} beside the network jar. */
    static final String PROPERTY = "jcompose.netns-helper";

    private final Path binary;

    private NetnsProgram(Path binary) {
        this.binary = binary;
    }

    /** The program at its configured path, or empty when there is no executable file there. */
    static Optional<NetnsProgram> configured() {
        Path p = path();
        return Files.isExecutable(p) ? Optional.of(new NetnsProgram(p)) : Optional.empty();
    }

    /**
     * {@link #PROPERTY}, or else {@code netns/jcompose-netns} next to the network jar (or next to
     * {@code target/classes} in a build tree), as the runtime finds its launcher. Never searched for on PATH.
     */
    static Path path() {
        String set = System.getProperty(PROPERTY, "");
        if (!set.isBlank()) {
            return Path.of(set).toAbsolutePath();
        }
        try {
            Path code = Path.of(NetnsProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("netns").resolve("jcompose-netns");
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the network jar; set -D" + PROPERTY + "=PATH", e);
        }
    }

    Path binary() {
        return binary;
    }

    /**
     * A new namespace bound on {@code file} (an existing empty file) with loopback up and {@code veths}; with
     * {@code rules} (empty, or DNS rules of any veth) route_localnet is turned on inside, and nft rules are loaded
     * there. iptables-restore rules are the caller's to apply. On failure nothing of it is left but the file.
     */
    void createNamespace(Path file, List<VethSpec> veths, String rules) {
        run(spec("create", file, veths, rules));
    }

    /** {@code s} into the existing namespace {@code s.netns()}, with {@code rules} as for createNamespace. */
    void attach(VethSpec s, String rules) {
        run(spec("enter", s.netns(), List.of(s), rules));
    }

    /** The spec of netns/spec.c. */
    static String spec(String mode, Path file, List<VethSpec> veths, String rules) {
        StringBuilder b = new StringBuilder(mode).append(' ').append(file).append('\n');
        if (!rules.isEmpty()) {
            // lets 127.0.0.11 (the DNS address) be DNATed to the gateway; only with the rules, whose raw DROP keeps
            // other hosts from reaching the container's loopback through it (none on the default bridge)
            b.append("localnet\n");
        }
        for (VethSpec s : veths) {
            b.append("veth ").append(s.hostName()).append(' ').append(s.bridge()).append(' ').append(s.ifName())
                    .append(' ').append(s.mac()).append(' ').append(s.mtu().orElse(0)).append('\n');
            s.addresses().forEach(a -> b.append("addr ").append(a).append('\n'));
            s.ipv4Gateway().ifPresent(g -> b.append("route ").append(g).append('\n'));
            s.ipv6Gateway().ifPresent(g -> b.append("route ").append(g).append('\n'));
        }
        if (isNft(rules)) {
            String create = FirewallRules.namespaceDnsNftCreate(rules);
            b.append("nft ").append(utf8Length(create)).append(' ').append(utf8Length(rules)).append('\n')
                    .append(create).append(rules);
        }
        return b.toString();
    }

    /** Whether the program loads {@code rules} itself (an nft script); else they are iptables-restore input. */
    static boolean isNft(String rules) {
        return rules.startsWith("table ");
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private void run(String spec) {
        Command.Result r = Command.runMerged(List.of(binary.toString()), spec);
        String answer = r.stdout().strip();
        JsonNode record = parse(answer);
        if (r.ok() && record.path("ok").asBoolean()) {
            return;
        }
        if (record.path("error").asBoolean()) {
            throw new NetworkException(NetworkException.Kind.HOST, record.path("message").asText());
        }
        throw new NetworkException(NetworkException.Kind.HOST, binary + " exited with " + r.exitCode()
                + " without a record: " + answer);
    }

    /** The record on the last line of the answer; a missing node when there is none. */
    private static JsonNode parse(String answer) {
        int nl = answer.lastIndexOf('\n');
        try {
            JsonNode n = StateStore.JSON.readTree(nl < 0 ? answer : answer.substring(nl + 1));
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
