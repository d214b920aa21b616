package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.runtime.cgroup.CgroupResources;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
    private static HostConfig limits(long memory, long swap, long reservation, long nanoCpus, long quota, long period) {
        return HostConfig.defaults().withResources(memory, swap, reservation, nanoCpus, 0, quota, period, "", "",
                Optional.empty());
    }

    @Test
    void cpusBecomeAQuotaOverTheDefaultPeriod() {
        CgroupResources r = ResourceLimits.of(limits(0, 0, 0, 500_000_000L, 0, 0), false);
        assertThat(r.cpuQuotaMicros()).hasValue(50_000);
        assertThat(r.cpuPeriodMicros()).hasValue(100_000);
    }

    @Test
    void quotaAndPeriodPassThroughAndAPeriodAloneMeansNoQuota() {
        CgroupResources r = ResourceLimits.of(limits(0, 0, 0, 0, 20_000, 50_000), false);
        assertThat(r.cpuQuotaMicros()).hasValue(20_000);
        assertThat(r.cpuPeriodMicros()).hasValue(50_000);
        assertThat(ResourceLimits.of(limits(0, 0, 0, 0, 0, 50_000), false).cpuQuotaMicros()).hasValue(-1);
    }

    @Test
    void memorySwapAndReservationPassThroughAndMinusOneIsUnlimitedSwap() {
        CgroupResources r = ResourceLimits.of(limits(64L << 20, -1, 32L << 20, 0, 0, 0), false);
        assertThat(r.memoryBytes()).hasValue(64L << 20);
        assertThat(r.effectiveMemorySwap()).hasValue(-1);
        assertThat(r.memoryReservationBytes()).hasValue(32L << 20);
    }

    @Test
    void adaptStoresTwiceTheMemoryAsSwapLikeDocker() {
        assertThat(ResourceLimits.adapt(limits(64L << 20, 0, 0, 0, 0, 0), false).memorySwap()).isEqualTo(128L << 20);
        assertThat(ResourceLimits.adapt(limits(64L << 20, -1, 0, 0, 0, 0), false).memorySwap()).isEqualTo(-1);
        assertThat(ResourceLimits.adapt(HostConfig.defaults(), false).memorySwap()).isZero();
    }

    @Test
    void dockersRefusalsKeepItsWording() {
        assertThatThrownBy(() -> ResourceLimits.of(limits(1L << 20, 0, 0, 0, 0, 0), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessage("Minimum memory limit allowed is 6MB");
        assertThatThrownBy(() -> ResourceLimits.of(limits(64L << 20, 32L << 20, 0, 0, 0, 0), false))
                .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
        assertThatThrownBy(() -> ResourceLimits.of(limits(0, 64L << 20, 0, 0, 0, 0), false))
                .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
        assertThat(ResourceLimits.of(limits(0, 64L << 20, 0, 0, 0, 0), true).memorySwapBytes()).hasValue(64L << 20);
        assertThatThrownBy(() -> ResourceLimits.of(limits(0, 0, 0, 500_000_000L, 20_000, 0), false))
                .hasMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        assertThatThrownBy(() -> ResourceLimits.of(limits(0, 0, 0, 0, 500, 0), false))
                .hasMessage("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        assertThatThrownBy(() -> ResourceLimits.of(limits(0, 0, 0, 0, 0, 500), false))
                .hasMessageStartingWith("CPU cfs period can not be less than 1ms");
        assertThatThrownBy(() -> ResourceLimits.of(limits(0, 0, 0, 1_000_000_000_000L, 0, 0), false))
                .hasMessageStartingWith("Range of CPUs is from 0.01 to");
        assertThatThrownBy(() -> ResourceLimits.of(limits(64L << 20, 0, 128L << 20, 0, 0, 0), false))
                .hasMessage("Minimum memory limit can not be less than memory reservation limit, see usage");
    }

    @Test
    void cpusetAndPidsPassThrough() {
        HostConfig h = HostConfig.defaults().withResources(0, 0, 0, 0, 512, 0, 0, "0", "0", Optional.of(20L));
        CgroupResources r = ResourceLimits.of(h, false);
        assertThat(r.cpusetCpus()).contains("0");
        assertThat(r.cpusetMems()).contains("0");
        assertThat(r.cpuShares()).hasValue(512);
        assertThat(r.pidsLimit()).hasValue(20);
        assertThat(ResourceLimits.of(h.withResources(0, 0, 0, 0, 0, 0, 0, "", "", Optional.of(-1L)), false)
                .pidsLimit()).isEmpty();
    }

    @Test
    void cpuCountIsIgnoredOnLinuxWithDockersWarning() throws Exception {
        HostConfig h = io.jcompose.engine.api.json.Json.api().readValue("{\"CpuCount\":2}", HostConfig.class);
        assertThat(ResourceLimits.warnings(h, false)).containsExactly("linux does not support CPU count. Count discarded.");
        assertThat(ResourceLimits.warnings(HostConfig.defaults(), false)).isEmpty();
    }

    @Test
    void swappinessAndOomKillDisableApplyOnV1AndAreDiscardedWithDockersWarningOnV2() throws Exception {
        HostConfig h = io.jcompose.engine.api.json.Json.api().readValue(
                "{\"MemorySwappiness\":10,\"OomKillDisable\":true}", HostConfig.class);
        CgroupResources r = ResourceLimits.of(ResourceLimits.adapt(h, false), false);
        assertThat(r.memorySwappiness()).hasValue(10);
        assertThat(r.oomKillDisable()).contains(true);
        assertThat(ResourceLimits.warnings(h, false)).containsExactly("OOM killer is disabled for the container,"
                + " but no memory limit is set, this can result in the system running out of resources.");
        HostConfig v2 = ResourceLimits.adapt(h, true);
        assertThat(v2.memorySwappiness()).isEmpty();
        assertThat(v2.oomKillDisable()).isEmpty();
        assertThat(ResourceLimits.warnings(h, true)).hasSize(2).allMatch(w -> w.endsWith("discarded."));
        HostConfig unset = io.jcompose.engine.api.json.Json.api().readValue("{\"MemorySwappiness\":-1}", HostConfig.class);
        assertThat(ResourceLimits.adapt(unset, false).memorySwappiness()).isEmpty();
        assertThat(ResourceLimits.of(unset, false).memorySwappiness()).isEmpty();
        HostConfig bad = io.jcompose.engine.api.json.Json.api().readValue("{\"MemorySwappiness\":101}", HostConfig.class);
        assertThatThrownBy(() -> ResourceLimits.of(bad, false))
                .hasMessage("Invalid value: 101, valid memory swappiness range is 0-100");
    }
}
