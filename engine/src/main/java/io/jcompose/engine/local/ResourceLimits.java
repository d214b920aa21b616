package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.cgroup.CgroupResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code HostConfig}'s cgroup settings to the runtime's {@link CgroupResources}, refused with Docker's wording
 * where Docker refuses them (moby daemon_unix.go, verifyPlatformContainerResources), and the defaults Docker
 * writes back into the stored host config so inspect shows them.
 */
final class ResourceLimits {
    /** Docker's smallest memory limit and reservation (linuxMinMemory). */
    static final long MIN_MEMORY = 6L << 20;
    private static final long DEFAULT_PERIOD = 100_000;

    private ResourceLimits() {}

    /**
     * The host config as Docker stores it: with only Memory set, MemorySwap is twice Memory; MemorySwappiness -1
     * means unset; on cgroup v2 swappiness and OomKillDisable are discarded (no such knobs).
     */
    static HostConfig adapt(HostConfig h, boolean cgroupV2) {
        if (h.memory() > 0 && h.memorySwap() == 0) {
            h = h.withResources(h.memory(), 2 * h.memory(), h.memoryReservation(), h.nanoCpus(), h.cpuShares(),
                    h.cpuQuota(), h.cpuPeriod(), h.cpusetCpus(), h.cpusetMems(), h.pidsLimit());
        }
        Optional<Long> swappiness = h.memorySwappiness().filter(v -> v != -1 && !cgroupV2);
        Optional<Boolean> oomKillDisable = h.oomKillDisable().filter(v -> !cgroupV2);
        return h.withMemoryBehaviour(swappiness, oomKillDisable);
    }

    /**
     * Docker's warnings for settings this host ignores, from the host config as asked; CpuCount, which Docker
     * drops silently on Linux, gets one worded like Docker's CpuPercent warning.
     */
    static List<String> warnings(HostConfig h, boolean cgroupV2) {
        List<String> w = new ArrayList<>();
        if (cgroupV2 && h.memorySwappiness().filter(v -> v != -1).isPresent()) {
            w.add("Your kernel does not support memory swappiness capabilities or the cgroup is not mounted."
                    + " Memory swappiness discarded.");
        }
        if (h.oomKillDisable().orElse(false) && cgroupV2) {
            w.add("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
        } else if (h.oomKillDisable().orElse(false) && h.memory() == 0) {
            w.add("OOM killer is disabled for the container, but no memory limit is set, this can result in the"
                    + " system running out of resources.");
        }
        if (h.cpuCount() > 0) {
            w.add("linux does not support CPU count. Count discarded.");
        }
        if (h.cpuPercent() > 0) {
            w.add("linux does not support CPU percent. Percent discarded.");
        }
        return w;
    }

    /**
     * The cgroup limits of {@code h}.
     *
     * @param update the values come from {@code docker update}, which may set MemorySwap without Memory
     */
    static CgroupResources of(HostConfig h, boolean update) {
        check(h, update);
        CgroupResources r = CgroupResources.none();
        if (h.memory() > 0) {
            r = r.withMemory(h.memory());
        }
        if (h.memorySwap() != 0) {
            r = r.withMemorySwap(h.memorySwap());
        }
        if (h.memoryReservation() > 0) {
            r = r.withMemoryReservation(h.memoryReservation());
        }
        if (h.nanoCpus() > 0) {
            r = r.withNanoCpus(h.nanoCpus());
        } else if (h.cpuQuota() != 0 || h.cpuPeriod() != 0) {
            r = r.withCpuQuota(h.cpuQuota() > 0 ? h.cpuQuota() : -1,
                    h.cpuPeriod() > 0 ? h.cpuPeriod() : DEFAULT_PERIOD);
        }
        if (h.cpuShares() > 0) {
            r = r.withCpuShares(h.cpuShares());
        }
        if (!h.cpusetCpus().isEmpty() || !h.cpusetMems().isEmpty()) {
            r = r.withCpuset(nonEmpty(h.cpusetCpus()), nonEmpty(h.cpusetMems()));
        }
        if (h.pidsLimit().isPresent() && h.pidsLimit().get() > 0) {
            r = r.withPidsLimit((int) Math.min(Integer.MAX_VALUE, h.pidsLimit().get()));
        }
        if (h.memorySwappiness().isPresent() && h.memorySwappiness().get() != -1) {
            r = r.withMemorySwappiness(h.memorySwappiness().get());
        }
        if (h.oomKillDisable().isPresent()) {
            r = r.withOomKillDisable(h.oomKillDisable().get());
        }
        return r;
    }

    private static void check(HostConfig h, boolean update) {
        if (h.memory() < 0 || h.nanoCpus() < 0 || h.cpuShares() < 0 || h.memoryReservation() < 0
                || h.cpuPeriod() < 0) {
            throw new EngineException.BadRequest("resource limits must not be negative");
        }
        if (h.memory() != 0 && h.memory() < MIN_MEMORY) {
            throw new EngineException.BadRequest("Minimum memory limit allowed is 6MB");
        }
        if (h.memory() > 0 && h.memorySwap() > 0 && h.memorySwap() < h.memory()) {
            throw new EngineException.BadRequest("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (h.memory() == 0 && h.memorySwap() > 0 && !update) {
            throw new EngineException.BadRequest("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (h.memoryReservation() > 0 && h.memoryReservation() < MIN_MEMORY) {
            throw new EngineException.BadRequest("Minimum memory reservation allowed is 6MB");
        }
        if (h.memory() > 0 && h.memoryReservation() > 0 && h.memory() < h.memoryReservation()) {
            throw new EngineException.BadRequest("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        long swappiness = h.memorySwappiness().orElse(-1L);
        if (swappiness != -1 && (swappiness < 0 || swappiness > 100)) {
            throw new EngineException.BadRequest("Invalid value: " + swappiness
                    + ", valid memory swappiness range is 0-100");
        }
        if (h.nanoCpus() > 0 && h.cpuPeriod() > 0) {
            throw new EngineException.BadRequest("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (h.nanoCpus() > 0 && h.cpuQuota() > 0) {
            throw new EngineException.BadRequest("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (h.nanoCpus() > cpus * 1_000_000_000L) {
            throw new EngineException.BadRequest("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only "
                    + cpus + " CPUs available");
        }
        if (h.cpuPeriod() != 0 && (h.cpuPeriod() < 1000 || h.cpuPeriod() > 1_000_000)) {
            throw new EngineException.BadRequest(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (h.cpuQuota() > 0 && h.cpuQuota() < 1000) {
            throw new EngineException.BadRequest("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
