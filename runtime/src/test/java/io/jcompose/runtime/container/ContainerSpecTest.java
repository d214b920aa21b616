package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static ContainerSpec spec() {
        return ContainerSpec.of(ID, "web-1", List.of(Path.of("/layers/a"), Path.of("/layers/b")),
                ProcessSpec.of(List.of("sh")));
    }

    @Test
    void onlyNamespacedSysctlsAreAllowed() {
        assertThat(spec().withLimits(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "1000"), List.of(), 1 << 20)
                .sysctls()).hasSize(2);
        assertThatThrownBy(() -> spec().withLimits(Map.of("kernel.panic", "1"), List.of(), 1 << 20))
                .hasMessage("sysctl \"kernel.panic\" is not allowed: it is not namespaced");
        assertThatThrownBy(() -> spec().withNetwork(true, java.util.Optional.empty())
                .withLimits(Map.of("net.ipv4.ip_forward", "1"), List.of(), 1 << 20))
                .hasMessage("sysctl \"net.ipv4.ip_forward\" is not allowed with the host network");
    }

    @Test
    void mountTargetsMustBeAbsoluteWithoutDotDot() {
        assertThatThrownBy(() -> BindMount.of(Path.of("/src"), "data", false))
                .hasMessage("mount target must be an absolute path other than /: \"data\"");
        assertThatThrownBy(() -> TmpfsMount.of("/a/../etc")).hasMessage("mount target must not contain \"..\": \"/a/../etc\"");
        assertThatThrownBy(() -> BindMount.of(Path.of("rel"), "/data", false))
                .hasMessage("bind source must be an absolute path: \"rel\"");
    }

    @Test
    void ulimitsAndProcessAreChecked() {
        assertThatThrownBy(() -> new Ulimit("nofile", 10, 5)).hasMessage("ulimit \"nofile\": soft limit 10 is above the hard limit 5");
        assertThatThrownBy(() -> new Ulimit("bogus", 1, 1)).hasMessage("unknown ulimit \"bogus\"");
        assertThatThrownBy(() -> ProcessSpec.of(List.of("sh")).withUser(-1, -1, List.of()))
                .hasMessageStartingWith("user and group ids must be between 0 and");
        assertThatThrownBy(() -> ProcessSpec.of(List.of("sh")).withCwd("tmp"))
                .hasMessageContaining("it needs to be an absolute path");
    }

    @Test
    void privilegedHasNoMasksAndTheDefaultsOtherwise() {
        assertThat(spec().effectiveMaskedPaths()).contains("/proc/kcore", "/sys/firmware");
        assertThat(spec().withSecurity(List.of(), List.of(), true, true).effectiveMaskedPaths()).isEmpty();
    }

    @Test
    void roundTripsThroughTheStateJson() throws Exception {
        ContainerSpec s = spec().withMounts(List.of(BindMount.of(Path.of("/vol"), "/data", true),
                TmpfsMount.of("/run").withSize(4096))).withInit(true);
        String json = Json.state().writeValueAsString(s);
        assertThat(Json.state().readValue(json, ContainerSpec.class)).isEqualTo(s);
    }

    @Test
    void aUserNamespaceRoundTripsAndAnOlderSpecHasNone() throws Exception {
        ContainerSpec s = spec().withUserNamespace(Optional.of(UserNamespace.remap(100_000, 65_536)));
        String json = Json.state().writeValueAsString(s);
        assertThat(Json.state().readValue(json, ContainerSpec.class)).isEqualTo(s);
        String older = Json.state().writeValueAsString(spec()).replaceAll(",?\"user_namespace\":[^,}]*", "");
        assertThat(older).doesNotContain("user_namespace");
        assertThat(Json.state().readValue(older, ContainerSpec.class).userNamespace()).isEmpty();
    }

    @Test
    void anotherContainersNetworkExcludesTheHostsAndAPathAndAnOlderSpecHasAPrivateOne() throws Exception {
        Namespaces joined = Namespaces.PRIVATE.withNet(NamespaceMode.of("d".repeat(64)));
        ContainerSpec s = spec().withNamespaces(joined);
        assertThat(Json.state().readValue(Json.state().writeValueAsString(s), ContainerSpec.class)).isEqualTo(s);
        String older = Json.state().writeValueAsString(spec()).replaceAll(",?\"net\":\\{[^}]*}", "");
        assertThat(older).doesNotContain("\"net\"");
        assertThat(Json.state().readValue(older, ContainerSpec.class).namespaces()).isEqualTo(Namespaces.PRIVATE);
        assertThatThrownBy(() -> s.withNetwork(true, Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("excludes the host network");
        assertThatThrownBy(() -> s.withNetwork(false, Optional.of(Path.of("/run/netns/x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Namespaces.PRIVATE.withNet(NamespaceMode.HOST)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserNamespaceMustMapRootAndExcludesPrivileged() {
        assertThatThrownBy(() -> new UserNamespace(List.of(new IdMap(1, 100_000, 10)), List.of(new IdMap(0, 100_000, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container root");
        assertThatThrownBy(() -> new IdMap(0, (1L << 32) - 5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec().withSecurity(List.of(), List.of(), true, true)
                .withUserNamespace(Optional.of(UserNamespace.remap(100_000, 65_536))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("privileged");
    }
}
