package io.jcompose.runtime.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.cgroup.CgroupResources;
import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.Capabilities;
import io.jcompose.runtime.container.ContainerMount;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.DeviceNode;
import io.jcompose.runtime.container.DeviceRule;
import io.jcompose.runtime.container.IdMap;
import io.jcompose.runtime.container.NamespaceMode;
import io.jcompose.runtime.container.Namespaces;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.container.TmpfsMount;
import io.jcompose.runtime.container.Ulimit;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The container's OCI runtime-spec {@code config.json} (opencontainers/runtime-spec 1.0), so
 * the same bundle runs under runc or crun. It says what the launcher does, including the
 * default seccomp filter ({@link SeccompProfile}; none for seccomp=unconfined and privileged),
 * with one difference: {@code init: true} is not expressed (the init binary is the
 * launcher's business).
 */
public final class OciConfig {
    private OciConfig() {}

    /** config.json for spec with {@code root.path = rootfsPath} (relative to the bundle). */
    public static byte[] json(ContainerSpec spec, String rootfsPath) {
        ObjectNode c = Json.state().createObjectNode();
        c.put("ociVersion", "1.0.2");
        c.set("process", process(spec, spec.process()));
        ObjectNode root = c.putObject("root");
        root.put("path", rootfsPath);
        root.put("readonly", spec.readOnlyRootfs());
        c.put("hostname", spec.hostname());
        if (!spec.domainname().isEmpty()) {
            c.put("domainname", spec.domainname());
        }
        c.set("mounts", mounts(spec));
        c.set("linux", linux(spec));
        try {
            return Json.state().writerWithDefaultPrettyPrinter().writeValueAsBytes(c);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode process(ContainerSpec spec, ProcessSpec p) {
        ObjectNode n = Json.state().createObjectNode();
        n.put("terminal", p.tty());
        ObjectNode user = n.putObject("user");
        user.put("uid", p.uid());
        user.put("gid", p.gid());
        if (!p.groups().isEmpty()) {
            ArrayNode g = user.putArray("additionalGids");
            p.groups().forEach(g::add);
        }
        p.args().forEach(n.putArray("args")::add);
        p.env().forEach(n.putArray("env")::add);
        n.put("cwd", p.cwd());
        List<String> caps = spec.privileged()
                ? Capabilities.KNOWN.stream().sorted().toList() : spec.capabilities();
        ObjectNode cn = n.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = cn.putArray(set);
            caps.forEach(cap -> a.add("CAP_" + cap));
        }
        ArrayNode rl = n.putArray("rlimits");
        for (Ulimit u : spec.ulimits()) {
            ObjectNode r = rl.addObject();
            r.put("type", "RLIMIT_" + u.name().toUpperCase(Locale.ROOT));
            r.put("hard", u.hard() < 0 ? -1L : u.hard());
            r.put("soft", u.soft() < 0 ? -1L : u.soft());
        }
        n.put("noNewPrivileges", !spec.privileged());
        return n;
    }

    private static ArrayNode mounts(ContainerSpec spec) {
        ArrayNode a = Json.state().createArrayNode();
        mount(a, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(a, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(a, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(a, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=" + spec.shmSizeBytes());
        mount(a, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(a, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(a, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        for (ContainerMount m : spec.mounts()) {
            if (m instanceof BindMount b) {
                ObjectNode n = mount(a, b.target(), "bind", b.source().toString(), b.options().split(","));
                n.put("type", "bind");
            } else if (m instanceof TmpfsMount t) {
                String[] opts = (t.options() + "," + t.data()).split(",");
                mount(a, t.target(), "tmpfs", "tmpfs", opts);
            }
        }
        return a;
    }

    private static ObjectNode mount(ArrayNode a, String dest, String type, String source, String... options) {
        ObjectNode n = a.addObject();
        n.put("destination", dest);
        n.put("type", type);
        n.put("source", source);
        ArrayNode o = n.putArray("options");
        for (String opt : options) {
            o.add(opt);
        }
        return n;
    }

    private static ObjectNode linux(ContainerSpec spec) {
        ObjectNode n = Json.state().createObjectNode();
        ArrayNode ns = n.putArray("namespaces");
        // a host namespace is one not listed; another container's is only known by its pid at start
        Namespaces shared = spec.namespaces();
        for (String t : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
            NamespaceMode mode = t.equals("pid") ? shared.pid() : t.equals("ipc") ? shared.ipc()
                    : t.equals("uts") ? shared.uts() : NamespaceMode.PRIVATE;
            if (mode.kind() != NamespaceMode.Kind.HOST) {
                ns.addObject().put("type", t);
            }
        }
        ArrayNode devices = n.putArray("devices");
        for (DeviceNode d : spec.devices()) {
            devices.addObject().put("path", d.path()).put("type", d.type()).put("major", d.major())
                    .put("minor", d.minor()).put("fileMode", d.fileMode()).put("uid", d.uid()).put("gid", d.gid());
        }
        spec.userNamespace().ifPresent(u -> {
            ns.addObject().put("type", "user");
            idMaps(n.putArray("uidMappings"), u.uidMap());
            idMaps(n.putArray("gidMappings"), u.gidMap());
        });
        if (spec.netnsPath().isPresent()) {
            ns.addObject().put("type", "network").put("path", spec.netnsPath().get().toString());
        } else if (!spec.hostNetwork()) {
            ns.addObject().put("type", "network");
        }
        spec.effectiveMaskedPaths().forEach(n.putArray("maskedPaths")::add);
        spec.effectiveReadonlyPaths().forEach(n.putArray("readonlyPaths")::add);
        if (!spec.sysctls().isEmpty()) {
            ObjectNode s = n.putObject("sysctl");
            spec.sysctls().forEach(s::put);
        }
        ObjectNode res = resources(spec.resources());
        ArrayNode allow = res.putArray("devices");
        for (DeviceNode d : spec.devices()) {
            allow.addObject().put("allow", true).put("type", d.type()).put("major", d.major()).put("minor", d.minor())
                    .put("access", d.permissions());
        }
        for (DeviceRule r : spec.deviceRules()) {
            ObjectNode e = allow.addObject().put("allow", true).put("type", r.type());
            if (r.major() >= 0) {
                e.put("major", r.major());
            }
            if (r.minor() >= 0) {
                e.put("minor", r.minor());
            }
            e.put("access", r.permissions());
        }
        n.set("resources", res);
        if (spec.seccomp() && !spec.privileged()) {
            n.set("seccomp", SeccompProfile.of(Set.copyOf(spec.capabilities()), System.getProperty("os.arch")));
        }
        return n;
    }

    private static void idMaps(ArrayNode a, List<IdMap> maps) {
        for (IdMap m : maps) {
            a.addObject().put("containerID", m.containerId()).put("hostID", m.hostId()).put("size", m.size());
        }
    }

    private static ObjectNode resources(CgroupResources r) {
        ObjectNode n = Json.state().createObjectNode();
        ObjectNode mem = Json.state().createObjectNode();
        r.memoryBytes().ifPresent(v -> mem.put("limit", v));
        r.memorySwapBytes().ifPresent(v -> mem.put("swap", v));
        r.memoryReservationBytes().ifPresent(v -> mem.put("reservation", v));
        if (!mem.isEmpty()) {
            n.set("memory", mem);
        }
        ObjectNode cpu = Json.state().createObjectNode();
        r.cpuShares().ifPresent(v -> cpu.put("shares", v));
        r.cpuQuotaMicros().ifPresent(v -> cpu.put("quota", v));
        r.cpuPeriodMicros().ifPresent(v -> cpu.put("period", v));
        r.cpusetCpus().ifPresent(v -> cpu.put("cpus", v));
        r.cpusetMems().ifPresent(v -> cpu.put("mems", v));
        if (!cpu.isEmpty()) {
            n.set("cpu", cpu);
        }
        r.pidsLimit().ifPresent(v -> n.putObject("pids").put("limit", v));
        return n;
    }
}
