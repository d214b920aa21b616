package io.jcompose.network.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.jcompose.network.Network;
import io.jcompose.network.NetworkException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks and published ports as snake_case JSON files under the state directory
 * ({@code networks/<id>.json}, {@code ports/<container id>.json}, {@code dns/<container id>.json}), each written to a temporary
 * file and renamed, so a crash leaves the old or the new file, never half of one.
 */
public final class StateStore {

    private static final System.Logger LOG = System.getLogger(StateStore.class.getName());
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path networks;
    private final Path ports;
    private final Path dns;

    public StateStore(Path stateDir) {
        this.networks = stateDir.resolve("networks");
        this.ports = stateDir.resolve("ports");
        this.dns = stateDir.resolve("dns");
        try {
            Files.createDirectories(networks);
            Files.createDirectories(ports);
            Files.createDirectories(dns);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot create " + stateDir + ": " + e.getMessage(), e);
        }
    }

    public List<Network> loadNetworks() {
        List<Network> out = new ArrayList<>();
        for (Path p : jsonFiles(networks)) {
            try {
                out.add(JSON.readValue(p.toFile(), Network.class));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring unreadable network state " + p + ": " + e.getMessage());
            }
        }
        return out;
    }

    public void save(Network n) {
        write(networks.resolve(n.id() + ".json"), n);
    }

    public void deleteNetwork(String id) {
        delete(networks.resolve(id + ".json"));
    }

    public List<PortLease> loadPorts() {
        List<PortLease> out = new ArrayList<>();
        for (Path p : jsonFiles(ports)) {
            try {
                out.addAll(JSON.readValue(p.toFile(), new TypeReference<List<PortLease>>() {}));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring unreadable port state " + p + ": " + e.getMessage());
            }
        }
        return out;
    }

    public void savePorts(String containerId, List<PortLease> leases) {
        Path p = ports.resolve(containerId + ".json");
        if (leases.isEmpty()) {
            delete(p);
        } else {
            write(p, leases);
        }
    }

    /** A container's own DNS servers ({@code dns:}), by container id. */
    public java.util.Map<String, List<String>> loadDns() {
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Path p : jsonFiles(dns)) {
            String name = p.getFileName().toString();
            try {
                out.put(name.substring(0, name.length() - 5), JSON.readValue(p.toFile(), new TypeReference<List<String>>() {}));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ignoring unreadable DNS state " + p + ": " + e.getMessage());
            }
        }
        return out;
    }

    public void saveDns(String containerId, List<String> servers) {
        Path p = dns.resolve(containerId + ".json");
        if (servers.isEmpty()) {
            delete(p);
        } else {
            write(p, servers);
        }
    }

    private static List<Path> jsonFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot read " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private static void write(Path target, Object value) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(value));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
