package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.Mount;
import io.jcompose.engine.api.MountPoint;
import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.ContainerMount;
import io.jcompose.runtime.container.Propagation;
import io.jcompose.runtime.container.TmpfsMount;
import io.jcompose.volumes.BindSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code HostConfig.Binds}, {@code HostConfig.Mounts} and {@code HostConfig.Tmpfs} to the runtime's mount list
 * (parents before children) and to the {@code Mounts} that inspect shows. Bad input is a 400 naming the field.
 */
public final class MountTranslator {
    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

    /** The runtime's mounts and inspect's view of them. */
    public record Translated(List<ContainerMount> mounts, List<MountPoint> points) {}

    private MountTranslator() {}

    public static Translated translate(HostConfig host) {
        List<ContainerMount> mounts = new ArrayList<>();
        List<MountPoint> points = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < host.binds().size(); i++) {
            bind("HostConfig.Binds[" + i + "]", host.binds().get(i), mounts, points, targets);
        }
        for (int i = 0; i < host.mounts().size(); i++) {
            mount("HostConfig.Mounts[" + i + "]", host.mounts().get(i), mounts, points, targets);
        }
        for (Map.Entry<String, String> e : host.tmpfs().entrySet()) {
            String field = "HostConfig.Tmpfs[\"" + e.getKey() + "\"]";
            TmpfsMount t = tmpfs(field, e.getKey(), e.getValue());
            claim(field, t.target(), targets);
            mounts.add(t);
        }
        // parents before children, otherwise in the order given (a stable sort)
        List<ContainerMount> ordered = new ArrayList<>(mounts);
        ordered.sort(Comparator.comparingInt(m -> depth(m.target())));
        return new Translated(ordered, points);
    }

    private static int depth(String target) {
        return (int) Path.of(target).normalize().getNameCount();
    }

    private static void claim(String field, String target, Set<String> targets) {
        String t = Path.of(target).normalize().toString();
        if (!targets.add(t)) {
            throw new EngineException.BadRequest(field + ": Duplicate mount point: " + t);
        }
    }

    private static String target(String field, String target) {
        try {
            return ContainerMount.checkTarget(Path.of(target).normalize().toString().equals("/") ? "/" : target);
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(field + ": " + e.getMessage());
        }
    }

    private static void bind(String field, String spec, List<ContainerMount> mounts, List<MountPoint> points,
                             Set<String> targets) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new EngineException.BadRequest(field + ": invalid volume specification: \"" + spec + "\"");
        }
        if (!parts[0].startsWith("/")) {
            throw new EngineException.BadRequest(field + ": named volume \"" + parts[0]
                    + "\" is not supported by the jcompose engine yet; bind an absolute host path");
        }
        String dst = target(field, parts[1]);
        boolean ro = false;
        String propagation = "rprivate";
        String mode = parts.length == 3 ? parts[2] : "";
        for (String opt : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (opt) {
                case "ro" -> ro = true;
                case "rw" -> ro = false;
                // SELinux relabelling: there is no SELinux on the hosts the engine supports, so nothing to do
                case "z", "Z" -> { }
                // macOS consistency hints: no effect on Linux, as in Docker
                case "consistent", "cached", "delegated" -> { }
                default -> {
                    if (PROPAGATIONS.contains(opt)) {
                        propagation = opt;
                    } else {
                        throw new EngineException.BadRequest(field + ": invalid mode \"" + opt + "\" in \"" + spec + "\"");
                    }
                }
            }
        }
        Path src = source(field, parts[0], true);
        claim(field, dst, targets);
        mounts.add(new BindMount(src, dst, ro, true, Propagation.parse(propagation), false, false, false));
        points.add(new MountPoint("bind", "", src.toString(), dst, "", mode, !ro, propagation));
    }

    private static Path source(String field, String source, boolean create) {
        try {
            return BindSource.prepare(source, create);
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(field + ": invalid mount config for type \"bind\": " + e.getMessage());
        } catch (IOException e) {
            throw new EngineException(500, field + ": cannot create the bind source " + source + ": " + e.getMessage());
        }
    }

    private static void mount(String field, Mount m, List<ContainerMount> mounts, List<MountPoint> points,
                              Set<String> targets) {
        if (m.target().isEmpty()) {
            throw new EngineException.BadRequest(field + ".Target: invalid mount config: Target must not be empty");
        }
        String dst = target(field + ".Target", m.target());
        switch (m.type()) {
            case "bind" -> {
                if (m.tmpfsOptions().isPresent() || m.volumeOptions().isPresent()) {
                    throw new EngineException.BadRequest(field + ": invalid mount config for type \"bind\": only BindOptions apply");
                }
                if (m.source().isEmpty()) {
                    throw new EngineException.BadRequest(field + ".Source: invalid mount config for type \"bind\": field Source must not be empty");
                }
                Mount.BindOptions o = m.bindOptions().orElse(new Mount.BindOptions("", false, false));
                String propagation = o.propagation().isEmpty() ? "rprivate" : o.propagation();
                if (!PROPAGATIONS.contains(propagation)) {
                    throw new EngineException.BadRequest(field + ".BindOptions.Propagation: invalid propagation \"" + propagation + "\"");
                }
                Path src = source(field + ".Source", m.source(), o.createMountpoint());
                claim(field, dst, targets);
                mounts.add(new BindMount(src, dst, m.readOnly(), !o.nonRecursive(), Propagation.parse(propagation),
                        false, false, false));
                points.add(new MountPoint("bind", "", src.toString(), dst, "", "", !m.readOnly(), propagation));
            }
            case "tmpfs" -> {
                if (!m.source().isEmpty()) {
                    throw new EngineException.BadRequest(field + ".Source: invalid mount config for type \"tmpfs\": field Source must be empty");
                }
                if (m.bindOptions().isPresent() || m.volumeOptions().isPresent()) {
                    throw new EngineException.BadRequest(field + ": invalid mount config for type \"tmpfs\": only TmpfsOptions apply");
                }
                Mount.TmpfsOptions o = m.tmpfsOptions().orElse(new Mount.TmpfsOptions(0, 0));
                if (o.sizeBytes() < 0) {
                    throw new EngineException.BadRequest(field + ".TmpfsOptions.SizeBytes: must not be negative");
                }
                claim(field, dst, targets);
                mounts.add(new TmpfsMount(dst, o.sizeBytes() == 0 ? OptionalLong.empty() : OptionalLong.of(o.sizeBytes()),
                        o.mode() == 0 ? OptionalInt.empty() : OptionalInt.of(o.mode() & 07777), m.readOnly(), true, true, true));
                points.add(new MountPoint("tmpfs", "", "", dst, "", "", !m.readOnly(), ""));
            }
            case "volume" -> throw new EngineException.BadRequest(field + ".Type: mount type \"volume\" is not supported"
                    + " by the jcompose engine yet; use type=bind with an absolute host path");
            default -> throw new EngineException.BadRequest(field + ".Type: mount type \"" + m.type() + "\" is not supported");
        }
    }

    /** Parses {@code --tmpfs /dst:size=4m,mode=1777,ro,exec,...}'s option string (Docker's spelling). */
    static TmpfsMount tmpfs(String field, String target, String options) {
        String dst = target(field, target);
        OptionalLong size = OptionalLong.empty();
        OptionalInt mode = OptionalInt.empty();
        boolean ro = false;
        boolean noexec = true;
        boolean nosuid = true;
        boolean nodev = true;
        for (String opt : options.isEmpty() ? new String[0] : options.split(",")) {
            String[] kv = opt.split("=", 2);
            switch (kv[0]) {
                case "size" -> size = OptionalLong.of(Sizes.parse(field + " size", kv.length == 2 ? kv[1] : ""));
                case "mode" -> {
                    try {
                        mode = OptionalInt.of(Integer.parseInt(kv.length == 2 ? kv[1] : "", 8));
                    } catch (NumberFormatException e) {
                        throw new EngineException.BadRequest(field + ": invalid tmpfs mode \"" + opt + "\"");
                    }
                }
                case "ro" -> ro = true;
                case "rw" -> ro = false;
                case "exec" -> noexec = false;
                case "noexec" -> noexec = true;
                case "suid" -> nosuid = false;
                case "nosuid" -> nosuid = true;
                case "dev" -> nodev = false;
                case "nodev" -> nodev = true;
                default -> throw new EngineException.BadRequest(field + ": unsupported tmpfs option \"" + opt + "\"");
            }
        }
        try {
            return new TmpfsMount(dst, size, mode, ro, noexec, nosuid, nodev);
        } catch (IllegalArgumentException e) {
            throw new EngineException.BadRequest(field + ": " + e.getMessage());
        }
    }
}
