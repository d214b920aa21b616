package io.jcompose.runtime.container;

import io.jcompose.runtime.cgroup.CgroupResources;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the runtime needs to run one container, with no reference to images: the rootfs
 * is a list of read-only layer directories, and the image config is already merged into
 * {@link #process} by the caller (the engine translates a Docker create request into this).
 *
 * @param id             64 (or at least 12) lower-case hex digits
 * @param name           the container's name (for messages and labels, not unique here)
 * @param lowerDirs      the image's layer directories, lowest first (ImageStore#layerDirs)
 * @param rwDir          where the container's upper/ and work/ go; empty = its state dir
 * @param process        what runs as PID 1
 * @param hostname       the UTS hostname
 * @param domainname     the NIS domain name, "" for none
 * @param mounts         bind and tmpfs mounts, applied in this order
 * @param hostNetwork    share the host's network namespace (network_mode: host)
 * @param netnsPath      join this network namespace (made by the network module) instead of a new one
 * @param resources      cgroup limits
 * @param capAdd         cap_add
 * @param capDrop        cap_drop
 * @param privileged     all capabilities, no seccomp, no masked or read-only paths
 * @param seccomp        install the default seccomp filter (false = seccomp=unconfined)
 * @param readOnlyRootfs the overlay root is read-only (mounts stay as asked)
 * @param sysctls        namespaced sysctls only
 * @param ulimits        rlimits, lowered only
 * @param shmSizeBytes   size of /dev/shm
 * @param init           run a tiny init as PID 1 that reaps and forwards signals
 * @param maskedPaths    empty = Docker's defaults ({@link SecurityDefaults})
 * @param readonlyPaths  empty = Docker's defaults
 * @param stopSignal     the signal {@code stop} sends first, e.g. "SIGTERM"
 * @param log            log rotation
 * @param userNamespace  run in a user namespace with these maps; empty = the host's
 * @param namespaces     the PID, IPC, UTS and network namespaces: private, the host's or another container's
 * @param devices        host devices made in /dev and allowed by the device cgroup
 * @param deviceRules    more device cgroup allow entries (for nodes the container makes)
 */
public record ContainerSpec(String id, String name, List<Path> lowerDirs, Optional<Path> rwDir,
                            ProcessSpec process, String hostname, String domainname,
                            List<ContainerMount> mounts, boolean hostNetwork, Optional<Path> netnsPath,
                            CgroupResources resources, List<String> capAdd, List<String> capDrop,
                            boolean privileged, boolean seccomp, boolean readOnlyRootfs,
                            Map<String, String> sysctls, List<Ulimit> ulimits, long shmSizeBytes,
                            boolean init, Optional<List<String>> maskedPaths,
                            Optional<List<String>> readonlyPaths, String stopSignal, LogOptions log,
                            Optional<UserNamespace> userNamespace, Namespaces namespaces,
                            List<DeviceNode> devices, List<DeviceRule> deviceRules) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12,64}");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})?");

    public ContainerSpec {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(resources, "resources");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid container id \"" + id + "\"");
        }
        lowerDirs = List.copyOf(lowerDirs);
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("container \"" + name + "\": no rootfs layers");
        }
        for (Path p : lowerDirs) {
            String s = p.toString();
            if (!p.isAbsolute() || s.contains(":") || s.contains(",")) {
                throw new IllegalArgumentException("layer directory must be absolute, without ':' or ',': \"" + p + "\"");
            }
        }
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("invalid hostname \"" + hostname + "\"");
        }
        mounts = List.copyOf(mounts);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        Capabilities.effective(capAdd, capDrop, privileged);
        sysctls = Collections.unmodifiableMap(new TreeMap<>(sysctls));
        SecurityDefaults.checkSysctls(sysctls, hostNetwork);
        ulimits = List.copyOf(ulimits);
        maskedPaths = maskedPaths.map(List::copyOf);
        readonlyPaths = readonlyPaths.map(List::copyOf);
        if (shmSizeBytes <= 0) {
            throw new IllegalArgumentException("shm size must be positive: " + shmSizeBytes);
        }
        io.jcompose.runtime.kernel.Signal.parse(stopSignal);
        // spec.json files written before the option existed have no such field
        userNamespace = userNamespace == null ? Optional.empty() : userNamespace;
        if (privileged && userNamespace.isPresent()) {
            throw new IllegalArgumentException("privileged and a user namespace exclude each other");
        }
        namespaces = namespaces == null ? Namespaces.PRIVATE : namespaces;
        devices = devices == null ? List.of() : List.copyOf(devices);
        deviceRules = deviceRules == null ? List.of() : List.copyOf(deviceRules);
        if (userNamespace.isPresent() && !namespaces.allPrivate()) {
            throw new IllegalArgumentException("sharing the PID, IPC, UTS or network namespace needs the host's user "
                    + "namespace");
        }
        if (hostNetwork && netnsPath.isPresent()) {
            throw new IllegalArgumentException("host network and a network namespace path exclude each other");
        }
        if (!namespaces.net().isPrivate() && (hostNetwork || netnsPath.isPresent())) {
            throw new IllegalArgumentException("another container's network namespace excludes the host network and "
                    + "a network namespace path");
        }
    }

    /** A container of {@code lowerDirs} running {@code process} with Docker's defaults. */
    public static ContainerSpec of(String id, String name, List<Path> lowerDirs, ProcessSpec process) {
        return new ContainerSpec(id, name, lowerDirs, Optional.empty(), process, id.substring(0, 12), "",
                List.of(), false, Optional.empty(), CgroupResources.none(), List.of(), List.of(), false, true,
                false, Map.of(), List.of(), 64L << 20, false, Optional.empty(), Optional.empty(), "SIGTERM",
                LogOptions.unlimited(), Optional.empty(), Namespaces.PRIVATE, List.of(), List.of());
    }

    /** The capabilities the process gets (["ALL"] when privileged). */
    public List<String> capabilities() {
        return Capabilities.effective(capAdd, capDrop, privileged);
    }

    /** The masked paths in effect: none when privileged. */
    public List<String> effectiveMaskedPaths() {
        return privileged ? List.of() : maskedPaths.orElse(SecurityDefaults.MASKED_PATHS);
    }

    /** The read-only paths in effect: none when privileged. */
    public List<String> effectiveReadonlyPaths() {
        return privileged ? List.of() : readonlyPaths.orElse(SecurityDefaults.READONLY_PATHS);
    }

    public ContainerSpec withProcess(ProcessSpec p) {
        return copy(c -> c.process = p);
    }

    public ContainerSpec withHostname(String h, String domain) {
        return copy(c -> { c.hostname = h; c.domainname = domain; });
    }

    public ContainerSpec withMounts(List<ContainerMount> m) {
        return copy(c -> c.mounts = m);
    }

    public ContainerSpec withNetwork(boolean host, Optional<Path> netns) {
        return copy(c -> { c.hostNetwork = host; c.netnsPath = netns; });
    }

    public ContainerSpec withResources(CgroupResources r) {
        return copy(c -> c.resources = r);
    }

    public ContainerSpec withSecurity(List<String> add, List<String> drop, boolean priv, boolean seccompOn) {
        return copy(c -> { c.capAdd = add; c.capDrop = drop; c.privileged = priv; c.seccomp = seccompOn; });
    }

    public ContainerSpec withReadOnlyRootfs(boolean ro) {
        return copy(c -> c.readOnlyRootfs = ro);
    }

    public ContainerSpec withLimits(Map<String, String> sys, List<Ulimit> ul, long shm) {
        return copy(c -> { c.sysctls = sys; c.ulimits = ul; c.shmSizeBytes = shm; });
    }

    public ContainerSpec withInit(boolean i) {
        return copy(c -> c.init = i);
    }

    public ContainerSpec withPaths(Optional<List<String>> masked, Optional<List<String>> readonly) {
        return copy(c -> { c.maskedPaths = masked; c.readonlyPaths = readonly; });
    }

    public ContainerSpec withStopSignal(String s) {
        return copy(c -> c.stopSignal = s);
    }

    public ContainerSpec withLog(LogOptions l) {
        return copy(c -> c.log = l);
    }

    public ContainerSpec withRwDir(Optional<Path> dir) {
        return copy(c -> c.rwDir = dir);
    }

    public ContainerSpec withUserNamespace(Optional<UserNamespace> u) {
        return copy(c -> c.userNamespace = u);
    }

    public ContainerSpec withNamespaces(Namespaces n) {
        return copy(c -> c.namespaces = n);
    }

    public ContainerSpec withDevices(List<DeviceNode> d) {
        return copy(c -> c.devices = d);
    }

    public ContainerSpec withDeviceRules(List<DeviceRule> r) {
        return copy(c -> c.deviceRules = r);
    }

    /** This spec with {@code change} applied to a copy of its components (validated again). */
    private ContainerSpec copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components of a spec, to change some and build a new one (records have no copy-with). */
    private static final class Copy {
        String id;
        String name;
        List<Path> lowerDirs;
        Optional<Path> rwDir;
        ProcessSpec process;
        String hostname;
        String domainname;
        List<ContainerMount> mounts;
        boolean hostNetwork;
        Optional<Path> netnsPath;
        CgroupResources resources;
        List<String> capAdd;
        List<String> capDrop;
        boolean privileged;
        boolean seccomp;
        boolean readOnlyRootfs;
        Map<String, String> sysctls;
        List<Ulimit> ulimits;
        long shmSizeBytes;
        boolean init;
        Optional<List<String>> maskedPaths;
        Optional<List<String>> readonlyPaths;
        String stopSignal;
        LogOptions log;
        Optional<UserNamespace> userNamespace;
        Namespaces namespaces;
        List<DeviceNode> devices;
        List<DeviceRule> deviceRules;

        Copy(ContainerSpec s) {
            id = s.id;
            name = s.name;
            lowerDirs = s.lowerDirs;
            rwDir = s.rwDir;
            process = s.process;
            hostname = s.hostname;
            domainname = s.domainname;
            mounts = s.mounts;
            hostNetwork = s.hostNetwork;
            netnsPath = s.netnsPath;
            resources = s.resources;
            capAdd = s.capAdd;
            capDrop = s.capDrop;
            privileged = s.privileged;
            seccomp = s.seccomp;
            readOnlyRootfs = s.readOnlyRootfs;
            sysctls = s.sysctls;
            ulimits = s.ulimits;
            shmSizeBytes = s.shmSizeBytes;
            init = s.init;
            maskedPaths = s.maskedPaths;
            readonlyPaths = s.readonlyPaths;
            stopSignal = s.stopSignal;
            log = s.log;
            userNamespace = s.userNamespace;
            namespaces = s.namespaces;
            devices = s.devices;
            deviceRules = s.deviceRules;
        }

        ContainerSpec build() {
            return new ContainerSpec(id, name, lowerDirs, rwDir, process, hostname, domainname, mounts, hostNetwork,
                    netnsPath, resources, capAdd, capDrop, privileged, seccomp, readOnlyRootfs, sysctls, ulimits,
                    shmSizeBytes, init, maskedPaths, readonlyPaths, stopSignal, log, userNamespace, namespaces,
                    devices, deviceRules);
        }
    }
}
