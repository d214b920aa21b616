package io.jcompose.runtime.container;

import io.jcompose.runtime.kernel.LaunchSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Translates a {@link ContainerSpec} (or an exec) into the launcher's spec. Pure. */
public final class LaunchSpecs {
    /** Where {@code init: true} puts the init binary inside the container (Docker's path). */
    public static final String INIT_PATH = "/sbin/docker-init";

    private LaunchSpecs() {}

    /**
     * The files the launcher writes and the cgroup it joins.
     *
     * @param stateDir     running.json and exit.json go here
     * @param logPath      the json-lines log, empty for none
     * @param attachSocket the attach socket
     * @param cgroupProcs  cgroup.procs files to write the pid into
     * @param oomFile      memory.oom_control (v1) or memory.events (v2), empty if unknown
     * @param seccompCache a root-only directory where compiled seccomp filters are kept
     * @param devicesDir   the container's v1 devices cgroup, which gets Docker's allow-list
     * @param devicesBpf   the container's cgroup v2 group, which gets the allow-list as a BPF program
     */
    public record Wiring(Path stateDir, Optional<Path> logPath, Path attachSocket, List<Path> cgroupProcs,
                         Optional<Path> oomFile, Optional<Path> seccompCache, Optional<Path> devicesDir,
                         Optional<Path> devicesBpf) {
        public Wiring {
            cgroupProcs = List.copyOf(cgroupProcs);
        }
    }

    /**
     * Another container's namespace to join, pinned by its init's pid and start time (against a reused pid).
     *
     * @param ns         "pid", "ipc" or "net"
     * @param pid        the other container's init
     * @param startTicks its start time (field 22 of /proc/pid/stat), 0 = unknown
     */
    public record NamespaceJoin(String ns, int pid, long startTicks) {
        /** The kinds of namespace that can be joined, in the order the launcher gets them. */
        public static final List<String> KINDS = List.of("pid", "ipc", "net");

        public NamespaceJoin {
            if (!KINDS.contains(ns)) {
                throw new IllegalArgumentException("only a pid, ipc or net namespace can be joined, not \"" + ns + "\"");
            }
        }
    }

    /** The run-mode spec of a container that joins no other container's namespaces. */
    public static LaunchSpec run(ContainerSpec spec, Path rootfs, Path upper, Path work, Wiring w,
                                 Optional<Path> initPath) {
        return run(spec, rootfs, upper, work, w, initPath, List.of());
    }

    /**
     * The run-mode spec.
     *
     * @param rootfs   an empty directory the overlay is mounted on (inside the container's mount ns only)
     * @param upper    the overlay upper dir
     * @param work     the overlay work dir
     * @param initPath the host's init binary when spec.init()
     * @param joins    the running containers whose namespaces spec.namespaces() names, resolved
     */
    public static LaunchSpec run(ContainerSpec spec, Path rootfs, Path upper, Path work, Wiring w,
                                 Optional<Path> initPath, List<NamespaceJoin> joins) {
        LaunchSpec.Builder b = LaunchSpec.builder().put("mode", "run").put("id", spec.id());
        wiring(b, w, spec.log());
        b.put("rootfs", rootfs.toString());
        List<Path> lowers = new ArrayList<>(spec.lowerDirs());
        java.util.Collections.reverse(lowers);
        b.putEach("lower", lowers.stream().map(Path::toString).toList());
        b.put("upper", upper.toString()).put("work", work.toString());
        b.put("readonly_rootfs", flag(spec.readOnlyRootfs()));
        namespaces(b, spec.namespaces(), joins);
        if (spec.netnsPath().isPresent()) {
            b.put("netns_path", spec.netnsPath().get().toString());
        } else if (!spec.hostNetwork() && spec.namespaces().net().isPrivate()) {
            b.put("ns", "net");
        }
        b.put("hostname", spec.hostname());
        if (!spec.domainname().isEmpty()) {
            b.put("domainname", spec.domainname());
        }
        List<String> args = spec.process().args();
        if (spec.init()) {
            Path init = initPath.orElseThrow(() -> new IllegalArgumentException(
                    "init: true needs the jcompose-init binary, which this build does not have"));
            b.put("mount", "bind", init.toString(), INIT_PATH, "ro,bind,rprivate", "");
            List<String> wrapped = new ArrayList<>(List.of(INIT_PATH, "--")); // as Docker runs it
            wrapped.addAll(args);
            args = wrapped;
        }
        for (ContainerMount m : spec.mounts()) {
            if (m instanceof BindMount bind) {
                b.put("mount", "bind", bind.source().toString(), bind.target(), bind.options(), "");
            } else if (m instanceof TmpfsMount t) {
                b.put("mount", "tmpfs", "tmpfs", t.target(), t.options(), t.data());
            }
        }
        for (DeviceNode d : spec.devices()) {
            b.put("device", d.type(), Integer.toString(d.major()), Integer.toString(d.minor()),
                    Integer.toString(d.fileMode()), Integer.toString(d.uid()), Integer.toString(d.gid()),
                    d.permissions(), d.path());
        }
        for (DeviceRule r : spec.deviceRules()) {
            b.put("device_rule", r.type(), Integer.toString(r.major()), Integer.toString(r.minor()), r.permissions());
        }
        b.putEach("masked", spec.effectiveMaskedPaths());
        b.putEach("readonly", spec.effectiveReadonlyPaths());
        b.put("shm_size", Long.toString(spec.shmSizeBytes()));
        spec.sysctls().forEach((k, v) -> b.put("sysctl", k, v));
        rlimits(b, spec);
        security(b, spec, spec.privileged());
        process(b, spec.process().withArgs(args));
        return b.build();
    }

    /**
     * The exec-mode spec: join the namespaces of {@code containerPid} (whose start time, from
     * running.json, guards against a reused pid), with the container's security settings or,
     * for {@code docker exec --privileged}, every capability the engine holds and no seccomp filter.
     */
    public static LaunchSpec exec(ContainerSpec spec, int containerPid, long startTicks, ProcessSpec process,
                                  boolean privileged, Wiring w) {
        LaunchSpec.Builder b = LaunchSpec.builder().put("mode", "exec").put("id", spec.id());
        wiring(b, w, LogOptions.unlimited());
        b.put("target_pid", Integer.toString(containerPid));
        if (startTicks > 0) {
            b.put("target_start", Long.toString(startTicks));
        }
        // exec'd processes get the container's ulimits, as with Docker
        rlimits(b, spec);
        security(b, spec, spec.privileged() || privileged);
        process(b, process);
        return b.build();
    }

    /** A new namespace for each private kind; none (the host's) or a join for the others. */
    private static void namespaces(LaunchSpec.Builder b, Namespaces n, List<NamespaceJoin> joins) {
        b.put("ns", "mnt");
        if (n.pid().isPrivate()) {
            b.put("ns", "pid");
        }
        if (n.uts().isPrivate()) {
            b.put("ns", "uts");
        }
        if (n.ipc().isPrivate()) {
            b.put("ns", "ipc");
        }
        b.put("ns", "cgroup");
        for (String kind : NamespaceJoin.KINDS) {
            NamespaceMode mode = n.joinable(kind);
            if (mode.kind() != NamespaceMode.Kind.CONTAINER) {
                continue;
            }
            NamespaceJoin j = joins.stream().filter(x -> x.ns().equals(kind)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("the " + kind + " namespace of container " + mode.container()
                            + " was not resolved"));
            b.put("join_ns", kind, Integer.toString(j.pid()), Long.toString(j.startTicks()));
        }
    }

    private static void wiring(LaunchSpec.Builder b, Wiring w, LogOptions log) {
        b.put("state_dir", w.stateDir().toString());
        w.logPath().ifPresent(p -> b.put("log_path", p.toString())
                .put("log_max_size", Long.toString(log.maxSizeBytes()))
                .put("log_max_files", Integer.toString(log.maxFiles())));
        b.put("attach_socket", w.attachSocket().toString());
        b.putEach("cgroup_procs", w.cgroupProcs().stream().map(Path::toString).toList());
        w.oomFile().ifPresent(p -> b.put("oom_file", p.toString()));
        w.seccompCache().ifPresent(p -> b.put("seccomp_cache", p.toString()));
        w.devicesDir().ifPresent(p -> b.put("devices_dir", p.toString()));
        w.devicesBpf().ifPresent(p -> b.put("devices_bpf", p.toString()));
    }

    private static void rlimits(LaunchSpec.Builder b, ContainerSpec spec) {
        for (Ulimit u : spec.ulimits()) {
            b.put("rlimit", u.name(), Long.toString(u.soft()), Long.toString(u.hard()));
        }
    }

    /**
     * The process's privileges; {@code allPrivileges} for a privileged container or exec. The
     * launcher's "privileged" (devices, /sys) stays the container's: an exec changes no mount or cgroup.
     */
    private static void security(LaunchSpec.Builder b, ContainerSpec spec, boolean allPrivileges) {
        spec.userNamespace().ifPresent(u -> {
            b.putEach("uid_map", u.uidMap().stream().map(IdMap::line).toList());
            b.putEach("gid_map", u.gidMap().stream().map(IdMap::line).toList());
        });
        b.putEach("cap", allPrivileges ? List.of("ALL") : spec.capabilities());
        b.put("seccomp", flag(spec.seccomp() && !allPrivileges));
        b.put("privileged", flag(spec.privileged()));
        b.put("no_new_privs", flag(!allPrivileges));
    }

    private static void process(LaunchSpec.Builder b, ProcessSpec p) {
        b.put("uid", Integer.toString(p.uid())).put("gid", Integer.toString(p.gid()));
        b.putEach("group", p.groups().stream().map(String::valueOf).toList());
        b.put("cwd", p.cwd());
        b.putEach("env", p.env());
        b.put("tty", flag(p.tty())).put("stdin", flag(p.openStdin())).put("stdin_once", flag(p.stdinOnce()));
        if (p.tty() && p.consoleRows() > 0 && p.consoleCols() > 0) {
            b.put("tty_rows", Integer.toString(p.consoleRows())).put("tty_cols", Integer.toString(p.consoleCols()));
        }
        b.putEach("arg", p.args());
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }
}
