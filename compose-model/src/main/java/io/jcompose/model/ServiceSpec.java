package io.jcompose.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One service of a loaded project. The typed fields cover what the orchestrator acts on; every
 * other attribute of the specification is kept, canonical, in {@link #attributes()}.
 *
 * @param name          the service name
 * @param image         the image, if given
 * @param build         how to build the image, if given
 * @param command       the command, when set ({@code command: []} is an empty list)
 * @param entrypoint    the entrypoint, when set
 * @param environment   the resolved environment (env_file merged in, unresolved entries dropped)
 * @param ports         published ports
 * @param volumes       mounts in declaration order
 * @param dependsOn     dependencies by service name
 * @param networks      network attachments by network key; empty with a network_mode
 * @param networkMode   network_mode, if given
 * @param healthcheck   the healthcheck, if given
 * @param restart       the restart policy, if given
 * @param labels        container labels
 * @param profiles      the profiles that enable this service (empty: always enabled)
 * @param containerName container_name, if given
 * @param hostname      hostname, if given
 * @param user          user, if given
 * @param workingDir    working_dir, if given
 * @param stopSignal    stop_signal, if given
 * @param stopGracePeriod stop_grace_period, if given
 * @param scale         number of containers (deploy.replicas or scale; 1 by default)
 * @param attributes    every attribute in canonical form, as {@code config} prints it
 */
public record ServiceSpec(String name, Optional<String> image, Optional<BuildSpec> build,
                          Optional<List<String>> command, Optional<List<String>> entrypoint,
                          Map<String, String> environment, List<PortSpec> ports, List<VolumeMount> volumes,
                          Map<String, Dependency> dependsOn, Map<String, ServiceNetwork> networks,
                          Optional<String> networkMode, Optional<Healthcheck> healthcheck, Optional<String> restart,
                          Map<String, String> labels, List<String> profiles, Optional<String> containerName,
                          Optional<String> hostname, Optional<String> user, Optional<String> workingDir,
                          Optional<String> stopSignal, Optional<Duration> stopGracePeriod, int scale,
                          Value.Dict attributes) {
    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(build, "build");
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        dependsOn = Collections.unmodifiableMap(new TreeMap<>(dependsOn));
        networks = Collections.unmodifiableMap(new TreeMap<>(networks));
        Objects.requireNonNull(networkMode, "networkMode");
        Objects.requireNonNull(healthcheck, "healthcheck");
        Objects.requireNonNull(restart, "restart");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        Objects.requireNonNull(attributes, "attributes");
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative: " + scale);
        }
    }

    /** Any attribute by its Compose name, canonical (for the attributes without a typed field). */
    public Optional<Value> attribute(String key) {
        return attributes.get(key);
    }

    /** A list-of-strings attribute ({@code cap_add}, {@code dns}, {@code tmpfs}, ...); empty when absent. */
    public List<String> strings(String key) {
        return Value.strings(attributes.seq(key));
    }

    /** A boolean attribute ({@code privileged}, {@code read_only}, {@code init}, ...); false when absent. */
    public boolean flag(String key) {
        return attributes.get(key).filter(Value.Bool.class::isInstance).map(v -> ((Value.Bool) v).value()).orElse(false);
    }

    /** A byte-size attribute ({@code mem_limit}, {@code shm_size}, ...) in bytes. */
    public Optional<Long> bytes(String key) {
        return attributes.string(key).map(Long::parseLong);
    }

    /** A string-map attribute ({@code sysctls}, {@code annotations}, ...); empty when absent. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new TreeMap<>();
        attributes.dict(key).ifPresent(d -> d.entries().forEach((k, v) -> out.put(k, v.scalarText().orElse(""))));
        return out;
    }
}
