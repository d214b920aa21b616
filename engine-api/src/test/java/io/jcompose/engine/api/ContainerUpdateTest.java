package io.jcompose.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerUpdateTest {
    private static HostConfig limited() {
        return HostConfig.defaults().withResources(64L << 20, 128L << 20, 0, 500_000_000L, 512, 0, 0, "0", "", Optional.of(10L));
    }

    @Test
    void nonZeroValuesReplaceZeroValuesKeep() {
        HostConfig h = ContainerUpdate.none().withMemory(96L << 20, 0).withPidsLimit(20).applyTo(limited());
        assertThat(h.memory()).isEqualTo(96L << 20);
        assertThat(h.memorySwap()).isEqualTo(128L << 20);
        assertThat(h.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(h.cpuShares()).isEqualTo(512);
        assertThat(h.cpusetCpus()).isEqualTo("0");
        assertThat(h.pidsLimit()).contains(20L);
        assertThat(h.restartPolicy()).isEqualTo(RestartPolicy.NO);
    }

    @Test
    void aNamedRestartPolicyReplacesTheOldOne() {
        HostConfig h = ContainerUpdate.none().withRestartPolicy(new RestartPolicy("on-failure", 3)).applyTo(limited());
        assertThat(h.restartPolicy()).isEqualTo(new RestartPolicy("on-failure", 3));
        assertThatThrownBy(() -> ContainerUpdate.none().withRestartPolicy(new RestartPolicy("always", 0))
                .applyTo(limited().withRestartPolicy(RestartPolicy.NO, true)))
                .isInstanceOf(EngineException.Conflict.class)
                .hasMessage("Restart policy cannot be updated because AutoRemove is enabled for the container");
        assertThatThrownBy(() -> ContainerUpdate.none().withRestartPolicy(new RestartPolicy("sometimes", 0))
                .applyTo(limited())).isInstanceOf(EngineException.BadRequest.class);
    }

    @Test
    void dockersConflictsAreRefused() throws Exception {
        ContainerUpdate quota = Json.api().readValue("{\"CpuQuota\":20000}", ContainerUpdate.class);
        assertThatThrownBy(() -> quota.applyTo(limited())).isInstanceOf(EngineException.Conflict.class)
                .hasMessage("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        HostConfig withQuota = HostConfig.defaults().withResources(0, 0, 0, 0, 0, 20000, 0, "", "", Optional.empty());
        assertThatThrownBy(() -> ContainerUpdate.none().withNanoCpus(1_000_000_000L).applyTo(withQuota))
                .hasMessage("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        assertThatThrownBy(() -> ContainerUpdate.none().withMemory(256L << 20, 0).applyTo(limited()))
                .hasMessageStartingWith("Memory limit should be smaller than already set memoryswap limit");
    }

    @Test
    void theWireFormIsDockers() throws Exception {
        ContainerUpdate u = Json.api().readValue("{\"Memory\":67108864,\"NanoCpus\":500000000,\"PidsLimit\":5,"
                + "\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":0}}", ContainerUpdate.class);
        assertThat(u.memory()).isEqualTo(64L << 20);
        assertThat(u.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(u.pidsLimit()).contains(5L);
        assertThat(Json.api().valueToTree(ContainerUpdate.none()).has("PidsLimit")).isFalse();
        HostConfig h = Json.api().readValue("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1,\"Hard\":2}],"
                + "\"CpusetMems\":\"0\",\"MemorySwap\":-1,\"DnsSearch\":[\"a\"],\"GroupAdd\":[\"app\"]}", HostConfig.class);
        assertThat(h.ulimits()).containsExactly(new HostConfig.Ulimit("nofile", 1, 2));
        assertThat(h.cpusetMems()).isEqualTo("0");
        assertThat(h.memorySwap()).isEqualTo(-1);
        assertThat(Json.api().valueToTree(h).get("DnsSearch").get(0).asText()).isEqualTo("a");
        assertThat(Json.api().valueToTree(h).get("GroupAdd").get(0).asText()).isEqualTo("app");
    }
}
