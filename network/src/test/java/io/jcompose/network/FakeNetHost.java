package io.jcompose.network;

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
import java.util.Set;

/**
 * A {@link NetHost} that records what would be done to the host. Namespaces are plain files so
 * that existence checks work; links are a set of names; the last firewall text is kept.
 */
public final class FakeNetHost implements NetHost {

    public final Set<String> links = new LinkedHashSet<>();
    public final Map<String, List<String>> addresses = new LinkedHashMap<>();
    public final Map<String, String> sysctls = new LinkedHashMap<>();
    public final List<VethSpec> attached = new ArrayList<>();
    public final Map<Path, String> namespaceRules = new LinkedHashMap<>();
    public final Map<Path, Optional<String>> defaultRoutes = new LinkedHashMap<>();
    public final List<String> hostPrefixes = new ArrayList<>(List.of("192.0.2.0/24", "127.0.0.0/8"));
    public String firewall = "";
    public boolean firewallAvailable = true;
    public boolean ipv6 = true;
    public int firewallApplies;

    @Override
    public boolean firewallAvailable() {
        return firewallAvailable;
    }

    @Override
    public boolean ipv6Available() {
        return ipv6;
    }

    @Override
    public void createNamespace(Path path) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, "netns");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteNamespace(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void createBridge(String name, List<String> addrs, Optional<Integer> mtu) {
        if (!links.add(name)) {
            throw new NetworkException(NetworkException.Kind.HOST, "RTNETLINK answers: File exists");
        }
        addresses.put(name, List.copyOf(addrs));
    }

    @Override
    public void deleteLink(String name) {
        links.remove(name);
        addresses.remove(name);
    }

    @Override
    public List<String> links() {
        return List.copyOf(links);
    }

    @Override
    public List<String> hostPrefixes() {
        return List.copyOf(hostPrefixes);
    }

    @Override
    public void attach(VethSpec spec) {
        if (!links.contains(spec.bridge())) {
            throw new NetworkException(NetworkException.Kind.HOST, "no bridge " + spec.bridge());
        }
        links.add(spec.hostName());
        attached.add(spec);
        if (!spec.namespaceRules().isEmpty()) {
            namespaceRules.put(spec.netns(), spec.namespaceRules());
        }
        defaultRoutes.put(spec.netns(), spec.ipv4Gateway().or(() -> defaultRoutes.getOrDefault(spec.netns(),
                Optional.empty())));
    }

    @Override
    public void defaultRoute(Path netns, Optional<String> ipv4Gateway) {
        defaultRoutes.put(netns, ipv4Gateway);
    }

    @Override
    public void namespaceRules(Path netns, String rules) {
        namespaceRules.put(netns, rules);
    }

    @Override
    public void sysctl(String key, String value) {
        sysctls.put(key, value);
    }

    @Override
    public void applyFirewall(String rules, List<FirewallJump> jumps) {
        if (firewallAvailable) {
            firewall = rules;
            firewallApplies++;
        }
    }

    @Override
    public void clearFirewall(List<FirewallJump> jumps, Map<String, List<String>> chains) {
        firewall = "";
    }
}
