package io.jcompose.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A loaded Compose project: immutable, fully interpolated, merged and normalised.
 *
 * @param name        the project name (normalised)
 * @param workingDir  the project directory
 * @param configFiles the compose files it was loaded from, in order
 * @param environment the environment used for interpolation
 * @param services    the enabled services by name
 * @param disabledServices services whose profiles are not enabled, by name
 * @param networks    top-level networks (with their engine-side names)
 * @param volumes     top-level volumes
 * @param secrets     top-level secrets
 * @param configs     top-level configs
 * @param profiles    the profiles that were enabled
 * @param model       the whole project as {@code jcompose config} prints it
 * @param warnings    problems worth telling but not fatal (unset variables, obsolete version)
 */
public record Project(String name, Path workingDir, List<Path> configFiles, Map<String, String> environment,
                      Map<String, ServiceSpec> services, Map<String, ServiceSpec> disabledServices,
                      Map<String, NetworkSpec> networks, Map<String, VolumeSpec> volumes,
                      Map<String, FileObjectSpec> secrets, Map<String, FileObjectSpec> configs, List<String> profiles,
                      Value.Dict model, List<String> warnings) {
    public Project {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workingDir, "workingDir");
        configFiles = List.copyOf(configFiles);
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        services = Collections.unmodifiableMap(new TreeMap<>(services));
        disabledServices = Collections.unmodifiableMap(new TreeMap<>(disabledServices));
        networks = Collections.unmodifiableMap(new TreeMap<>(networks));
        volumes = Collections.unmodifiableMap(new TreeMap<>(volumes));
        secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(model, "model");
        warnings = List.copyOf(warnings);
    }

    /** The enabled service called {@code name}. */
    public Optional<ServiceSpec> service(String serviceName) {
        return Optional.ofNullable(services.get(serviceName));
    }
}
