package io.jcompose.engine.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container's own configuration (Docker's {@code Config}): what runs, as whom, with which
 * environment. It is the top level of a create request and {@code Config} in inspect.
 */
public record ContainerConfig(String hostname, String domainname, String user,
                              boolean attachStdin, boolean attachStdout, boolean attachStderr,
                              boolean tty, boolean openStdin, boolean stdinOnce,
                              List<String> env, Optional<List<String>> cmd, Optional<List<String>> entrypoint,
                              String image, Map<String, String> labels, String workingDir,
                              Map<String, Map<String, String>> exposedPorts, Map<String, Map<String, String>> volumes,
                              String stopSignal, Optional<Integer> stopTimeout, Optional<HealthConfig> healthcheck) {
    public ContainerConfig {
        hostname = Defaults.str(hostname);
        domainname = Defaults.str(domainname);
        user = Defaults.str(user);
        env = Defaults.list(env);
        cmd = Defaults.opt(cmd).map(List::copyOf);
        entrypoint = Defaults.opt(entrypoint).map(List::copyOf);
        image = Defaults.str(image);
        labels = Defaults.map(labels);
        workingDir = Defaults.str(workingDir);
        exposedPorts = Defaults.map(exposedPorts);
        volumes = Defaults.map(volumes);
        stopSignal = Defaults.str(stopSignal);
        stopTimeout = Defaults.opt(stopTimeout);
        healthcheck = Defaults.opt(healthcheck);
    }

    /** A configuration that runs {@code image} with its own entrypoint and command. */
    public static ContainerConfig of(String image) {
        return new ContainerConfig("", "", "", false, true, true, false, false, false, List.of(),
                Optional.empty(), Optional.empty(), image, Map.of(), "", Map.of(), Map.of(), "",
                Optional.empty(), Optional.empty());
    }

    public ContainerConfig withCmd(List<String> newCmd) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, env, Optional.of(newCmd), entrypoint, image, labels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withEntrypoint(List<String> newEntrypoint) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, env, cmd, Optional.of(newEntrypoint), image, labels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withEnv(List<String> newEnv) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, newEnv, cmd, entrypoint, image, labels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withLabels(Map<String, String> newLabels) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, env, cmd, entrypoint, image, newLabels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withTty(boolean newTty, boolean newOpenStdin) {
        return new ContainerConfig(hostname, domainname, user, newOpenStdin, attachStdout, attachStderr, newTty,
                newOpenStdin, newOpenStdin, env, cmd, entrypoint, image, labels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }

    public ContainerConfig withHealthcheck(HealthConfig newHealthcheck) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, env, cmd, entrypoint, image, labels, workingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, Optional.of(newHealthcheck));
    }

    public ContainerConfig withUserAndWorkingDir(String newUser, String newWorkingDir) {
        return new ContainerConfig(hostname, domainname, newUser, attachStdin, attachStdout, attachStderr, tty,
                openStdin, stdinOnce, env, cmd, entrypoint, image, labels, newWorkingDir,
                exposedPorts, volumes, stopSignal, stopTimeout, healthcheck);
    }
}
