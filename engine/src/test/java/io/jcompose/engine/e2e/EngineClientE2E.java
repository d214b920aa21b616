package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.EndpointSettings;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.LogQuery;
import io.jcompose.engine.api.NetworkCreate;
import io.jcompose.engine.api.NetworkingConfig;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The orchestrator's path: EngineClient against a real engine (labels, networks with aliases, wait, logs). */
@RequiresRoot
class EngineClientE2E {

    @Test
    @DisplayName("a compose-like service: labelled container on a network with an alias, waited for, logs read, removed")
    void composeLikeFlow() throws Exception {
        try (EngineProcess engine = EngineProcess.start()) {
            engine.loadBusybox();
            EngineClient client = engine.client();
            assertThat(client.ping()).isEqualTo("1.44");
            String net = client.createNetwork(NetworkCreate.of("proj_default",
                    Map.of("com.docker.compose.project", "proj"))).id();
            try {
                ContainerConfig config = ContainerConfig.of(TestImages.BUSYBOX)
                        .withCmd(List.of("sh", "-c", "nslookup db >/dev/null && echo resolved; exit 5"))
                        .withLabels(Map.of("com.docker.compose.project", "proj", "com.docker.compose.service", "db"));
                ContainerCreate req = ContainerCreate.of(TestImages.BUSYBOX).withConfig(config)
                        .withHostConfig(ContainerCreate.of("x").hostConfig().withNetworkMode("proj_default"))
                        .withNetworkingConfig(new NetworkingConfig(Map.of("proj_default",
                                EndpointSettings.withAliases(List.of("db")))));
                String id = client.createContainer(Optional.of("proj-db-1"), req).id();
                var exit = client.waitContainer(id, WaitCondition.NEXT_EXIT);
                client.startContainer(id);
                assertThat(exit.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(5);
                try (EngineStream<LogEntry> logs = client.logs(id, LogQuery.all())) {
                    assertThat(logs.next().orElseThrow().text()).isEqualTo("resolved\n");
                }
                assertThat(client.listContainers(ContainerListQuery.all(Filters.of("label", "com.docker.compose.project=proj"))))
                        .extracting(c -> c.name()).containsExactly("proj-db-1");
                assertThat(client.inspectContainer("proj-db-1").state().exitCode()).isEqualTo(5);
                assertThat(client.listNetworks(Filters.of("label", "com.docker.compose.project=proj")))
                        .extracting(n -> n.name()).containsExactly("proj_default");
                client.removeContainer(id, true, false);
                assertThatThrownBy(() -> client.inspectContainer(id)).isInstanceOf(EngineException.NotFound.class);
            } finally {
                client.removeNetwork(net);
            }
            assertThatThrownBy(() -> client.inspectNetwork("proj_default")).isInstanceOf(EngineException.NotFound.class);
        }
    }
}
