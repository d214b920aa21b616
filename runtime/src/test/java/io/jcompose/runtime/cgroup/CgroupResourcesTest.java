package io.jcompose.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CgroupResourcesTest {
    @Test
    void swapFollowsDockersRules() {
        assertThat(CgroupResources.none().effectiveMemorySwap()).isEmpty();
        assertThat(CgroupResources.none().withMemory(100).effectiveMemorySwap()).isEqualTo(OptionalLong.of(200));
        assertThat(CgroupResources.none().withMemory(100).withMemorySwap(0).effectiveMemorySwap())
                .isEqualTo(OptionalLong.of(200));
        assertThat(CgroupResources.none().withMemory(100).withMemorySwap(150).effectiveMemorySwap())
                .isEqualTo(OptionalLong.of(150));
        assertThat(CgroupResources.none().withMemory(100).withMemorySwap(-1).effectiveMemorySwap())
                .isEqualTo(OptionalLong.of(-1));
        assertThat(CgroupResources.none().withMemory(0).effectiveMemorySwap()).isEqualTo(OptionalLong.of(-1));
        assertThat(CgroupResources.none().withMemorySwap(300).effectiveMemorySwap()).isEqualTo(OptionalLong.of(300));
    }

    @Test
    void nanoCpusBecomeAQuotaPerHundredMilliseconds() {
        CgroupResources r = CgroupResources.none().withNanoCpus(1_500_000_000L);
        assertThat(r.cpuQuotaMicros()).isEqualTo(OptionalLong.of(150_000));
        assertThat(r.cpuPeriodMicros()).isEqualTo(OptionalLong.of(100_000));
        assertThat(CgroupResources.none().withNanoCpus(1_000_000L).cpuQuotaMicros())
                .as("the kernel's smallest quota").isEqualTo(OptionalLong.of(1000));
    }

    @Test
    void outOfRangeValuesAreBugs() {
        assertThatThrownBy(() -> CgroupResources.none().withCpuQuota(1000, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CgroupResources.none().withCpuShares(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
