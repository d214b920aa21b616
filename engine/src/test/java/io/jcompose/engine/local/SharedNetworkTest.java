package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.NamespaceMode;
import io.jcompose.runtime.container.ProcessSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedNetworkTest {
    /** A create body as the docker CLI sends it: network mode container:web, more HostConfig and top-level keys. */
    private static ContainerCreate request(String hostConfig, String top) throws Exception {
        String json = "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"container:web\"" + hostConfig + "}"
                + top + "}";
        return Json.createFromWire((ObjectNode) Json.api().readTree(json));
    }

    @Test
    void plainJoinIsAccepted() throws Exception {
        assertThatCode(() -> SharedNetwork.checkOptions(request("", ""))).doesNotThrowAnyException();
    }

    @Test
    void optionsThatConfigureAnOwnNetworkAreDockersConflicts() throws Exception {
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request(",\"Dns\":[\"192.0.2.1\"]", "")))
                .isInstanceOf(EngineException.BadRequest.class).hasMessage("conflicting options: dns and the network mode");
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request(",\"ExtraHosts\":[\"a:192.0.2.1\"]", "")))
                .hasMessage("conflicting options: custom host-to-IP mapping and the network mode");
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request(
                ",\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]}", "")))
                .hasMessage("conflicting options: port publishing and the container type network mode");
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request("", ",\"Hostname\":\"other\"")))
                .hasMessage("conflicting options: hostname and the network mode");
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request("", ",\"ExposedPorts\":{\"80/tcp\":{}}")))
                .hasMessage("conflicting options: port exposing and the container type network mode");
        assertThatThrownBy(() -> SharedNetwork.checkOptions(request("",
                ",\"NetworkingConfig\":{\"EndpointsConfig\":{\"front\":{}}}")))
                .hasMessageContaining("cannot be connected to any other network");
    }

    @Test
    void theTargetsNetworkNamespaceIsJoinedByItsPidOrTheHostsNetworkIsShared() {
        ContainerSpec none = spec("a".repeat(64)).withHostname("target", "");
        ContainerSpec own = spec("b".repeat(64)).withProcess(ProcessSpec.of(List.of("true"))
                .withEnv(List.of("HOSTNAME=bbbbbbbbbbbb", "A=1")));
        ContainerSpec joined = SharedNetwork.join(own, none);
        assertThat(joined.namespaces().net()).isEqualTo(NamespaceMode.of(none.id()));
        assertThat(joined.netnsPath()).isEmpty();
        assertThat(joined.hostNetwork()).isFalse();
        assertThat(joined.hostname()).isEqualTo("target");
        assertThat(joined.process().env()).containsExactly("HOSTNAME=target", "A=1");
        ContainerSpec bridged = SharedNetwork.join(own, spec("c".repeat(64)).withNetwork(false,
                Optional.of(Path.of("/run/netns/c"))));
        assertThat(bridged.namespaces().net()).isEqualTo(NamespaceMode.of("c".repeat(64)));
        assertThat(bridged.netnsPath()).as("joined by the running target's pid, as PidMode is").isEmpty();
        ContainerSpec host = SharedNetwork.join(own, spec("d".repeat(64)).withNetwork(true, Optional.empty()));
        assertThat(host.hostNetwork()).isTrue();
        assertThat(host.namespaces().net().isPrivate()).isTrue();
    }

    private static ContainerSpec spec(String id) {
        return ContainerSpec.of(id, "c-" + id.substring(0, 4), List.of(Path.of("/layers/a")),
                ProcessSpec.of(List.of("true")));
    }
}
