package io.jcompose.engine.local;

import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.ImageUsers;
import io.jcompose.runtime.container.LogOptions;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.container.ResolvedUser;
import io.jcompose.runtime.container.Ulimit;
import io.jcompose.runtime.image.ImageConfig;
import io.jcompose.runtime.kernel.Signal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Docker create request plus the image's config to the runtime's {@link ContainerSpec}: Entrypoint/Cmd,
 * Env, WorkingDir and User merged as Docker merges them; host settings the engine cannot honour are a 400.
 */
final class SpecBuilder {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SpecBuilder() {}

    /** The argv Docker would run: the request's Entrypoint/Cmd over the image's. */
    static List<String> command(ContainerConfig c, ImageConfig image) {
        List<String> entry = c.entrypoint().orElse(image.entrypoint());
        List<String> cmd;
        if (c.cmd().isPresent()) {
            cmd = c.cmd().get();
        } else if (c.entrypoint().isPresent()) {
            cmd = List.of();
        } else {
            cmd = image.cmd();
        }
        List<String> all = new ArrayList<>();
        // Entrypoint [""] resets the image's entrypoint
        if (!(entry.size() == 1 && entry.get(0).isEmpty())) {
            all.addAll(entry);
        }
        all.addAll(cmd);
        return all;
    }

    /** The environment: the image's, then the request's (later keys win), PATH and HOSTNAME ensured. */
    static List<String> env(ContainerConfig c, ImageConfig image, String hostname, String home) {
        Map<String, String> env = new LinkedHashMap<>();
        for (List<String> source : List.of(List.of(DEFAULT_PATH), image.env(), List.of("HOSTNAME=" + hostname),
                c.env())) {
            for (String kv : source) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    // "KEY" without a value: Docker drops it when the client has no such variable
                    continue;
                }
                env.remove(kv.substring(0, eq));
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        if (c.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        env.putIfAbsent("HOME", home);
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    static ContainerSpec build(String id, String name, ContainerCreate req, ImageConfig image, List<Path> layers,
                               MountTranslator.Translated mounts) {
        ContainerConfig c = req.config();
        HostConfig h = req.hostConfig();
        refuseUnsupported(req);
        List<String> args = command(c, image);
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new EngineException.BadRequest("no command specified");
        }
        // as in Docker, network_mode host and uts host take the host's name unless one is given
        String hostname = !c.hostname().isEmpty() ? c.hostname()
                : h.networkMode().equals("host") || NamespaceModes.hostUts(h) ? hostHostname().orElse(id.substring(0, 12))
                : id.substring(0, 12);
        String user = c.user().isEmpty() ? image.user() : c.user();
        ResolvedUser ru;
        try {
            ru = ImageUsers.of(layers).resolve(user, h.groupAdd());
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(e.getMessage());
        }
        String cwd = !c.workingDir().isEmpty() ? c.workingDir() : image.workingDir().isEmpty() ? "/" : image.workingDir();
        if (!cwd.startsWith("/")) {
            throw new EngineException.BadRequest("the working directory '" + cwd + "' is invalid, it needs to be an absolute path");
        }
        ProcessSpec process = new ProcessSpec(args, env(c, image, hostname, ru.home()), cwd, ru.uid(), ru.gid(),
                ru.groups(), c.tty(), c.openStdin(), c.stdinOnce());
        if (c.tty() && !h.consoleSize().isEmpty()) {
            process = process.withConsoleSize(h.consoleSize().get(0), h.consoleSize().get(1));
        }
        String stopSignal = !c.stopSignal().isEmpty() ? c.stopSignal() : image.stopSignal().orElse("SIGTERM");
        try {
            Signal.parse(stopSignal);
            ContainerSpec spec = ContainerSpec.of(id, name, layers, process)
                    .withHostname(hostname, c.domainname())
                    .withMounts(mounts.mounts())
                    .withResources(ResourceLimits.of(h, false))
                    .withSecurity(h.capAdd(), h.capDrop(), h.privileged(),
                            !h.privileged() && SecurityOptions.parse(h.securityOpt()).seccomp())
                    .withReadOnlyRootfs(h.readonlyRootfs())
                    .withLimits(h.sysctls(), ulimits(h), h.shmSize() > 0 ? h.shmSize() : 64L << 20)
                    .withInit(h.init().orElse(false))
                    .withStopSignal(stopSignal)
                    .withLog(logOptions(h))
                    .withDevices(DeviceMappings.translate(h))
                    .withDeviceRules(DeviceMappings.rules(h));
            if (h.networkMode().equals("host")) {
                spec = spec.withNetwork(true, Optional.empty());
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(e.getMessage());
        }
    }

    private static Optional<String> hostHostname() {
        try {
            return Optional.of(java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip())
                    .filter(n -> !n.isEmpty());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Ulimits in the runtime's form; raising one above the engine's own hard limit fails at start, naming it. */
    private static List<Ulimit> ulimits(HostConfig h) {
        List<Ulimit> out = new ArrayList<>();
        for (HostConfig.Ulimit u : h.ulimits()) {
            try {
                out.add(new Ulimit(u.name(), u.soft(), u.hard()));
            } catch (IllegalArgumentException e) {
                throw new EngineException.BadRequest("HostConfig.Ulimits: " + e.getMessage());
            }
        }
        return out;
    }

    private static LogOptions logOptions(HostConfig h) {
        String type = h.logConfig().type();
        if (!type.isEmpty() && !type.equals("json-file")) {
            throw new EngineException.BadRequest("HostConfig.LogConfig.Type: log driver \"" + type
                    + "\" is not supported; the jcompose engine writes json-file logs");
        }
        long maxSize = 0;
        int maxFiles = 1;
        for (Map.Entry<String, String> e : h.logConfig().config().entrySet()) {
            switch (e.getKey()) {
                case "max-size" -> maxSize = Sizes.parse("HostConfig.LogConfig.Config.max-size", e.getValue());
                case "max-file" -> {
                    try {
                        maxFiles = Integer.parseInt(e.getValue());
                    } catch (NumberFormatException ex) {
                        throw new EngineException.BadRequest("HostConfig.LogConfig.Config.max-file: not a number: \"" + e.getValue() + "\"");
                    }
                }
                default -> throw new EngineException.BadRequest("HostConfig.LogConfig.Config: unsupported log option \"" + e.getKey() + "\"");
            }
        }
        return new LogOptions(maxSize, Math.max(1, maxFiles));
    }

    /** Host settings Docker itself refuses (networking is checked by {@link NetworkWiring#check}). */
    private static void refuseUnsupported(ContainerCreate req) {
        HostConfig h = req.hostConfig();
        try {
            h.restartPolicy().check();
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest("HostConfig.RestartPolicy: " + e.getMessage());
        }
        if (h.autoRemove() && !h.restartPolicy().isNone()) {
            throw new EngineException.Conflict("can't create 'AutoRemove' container with restart policy");
        }
    }
}
