package io.jcompose.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.container.BindMount;
import io.jcompose.runtime.container.ContainerSpec;
import io.jcompose.runtime.container.DeviceNode;
import io.jcompose.runtime.container.NamespaceMode;
import io.jcompose.runtime.container.Namespaces;
import io.jcompose.runtime.container.ProcessSpec;
import io.jcompose.runtime.container.UserNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciConfigTest {
    @Test
    void describesTheContainerInRuntimeSpecTerms() throws Exception {
        ContainerSpec spec = ContainerSpec.of("0123456789abcdef0123", "web", List.of(Path.of("/l")),
                ProcessSpec.of(List.of("sh", "-c", "true")).withUser(1000, 1000, List.of(10)))
                .withMounts(List.of(BindMount.of(Path.of("/vol"), "/data", true)))
                .withNetwork(false, Optional.of(Path.of("/run/netns/x")));
        JsonNode c = Json.state().readTree(OciConfig.json(spec, "rootfs"));
        assertThat(c.path("ociVersion").asText()).isEqualTo("1.0.2");
        assertThat(c.at("/root/path").asText()).isEqualTo("rootfs");
        assertThat(c.at("/process/user/uid").asInt()).isEqualTo(1000);
        assertThat(c.at("/process/user/additionalGids/0").asInt()).isEqualTo(10);
        assertThat(c.at("/process/capabilities/bounding").toString()).contains("\"CAP_CHOWN\"").doesNotContain("SYS_ADMIN");
        assertThat(c.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(c.path("mounts").toString()).contains("{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/vol\","
                + "\"options\":[\"ro\",\"rbind\",\"rprivate\"]}");
        assertThat(c.at("/linux/namespaces").toString()).contains("{\"type\":\"network\",\"path\":\"/run/netns/x\"}");
        assertThat(c.at("/linux/maskedPaths").toString()).contains("/proc/kcore");
    }

    @Test
    void aUserNamespaceBecomesTheUserNamespaceAndItsMappings() throws Exception {
        ContainerSpec spec = ContainerSpec.of("0123456789abcdef0123", "web", List.of(Path.of("/l")),
                ProcessSpec.of(List.of("true"))).withUserNamespace(Optional.of(UserNamespace.remap(100_000, 65_536)));
        JsonNode linux = Json.state().readTree(OciConfig.json(spec, "rootfs")).path("linux");
        assertThat(linux.path("namespaces").toString()).contains("{\"type\":\"user\"}");
        assertThat(linux.path("uidMappings").toString()).isEqualTo("[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
        assertThat(linux.path("gidMappings").toString()).isEqualTo("[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]");
    }

    @Test
    void hostNamespacesAreLeftOutAndDevicesListedWithTheirAccess() throws Exception {
        ContainerSpec spec = ContainerSpec.of("0123456789abcdef0123", "web", List.of(Path.of("/l")),
                ProcessSpec.of(List.of("true"))).withNamespaces(new Namespaces(NamespaceMode.HOST, NamespaceMode.PRIVATE,
                NamespaceMode.HOST, NamespaceMode.PRIVATE)).withDevices(List.of(new DeviceNode("/dev/fuse", "c", 10, 229, 0600, 0, 0, "rw")));
        JsonNode linux = Json.state().readTree(OciConfig.json(spec, "rootfs")).path("linux");
        assertThat(linux.path("namespaces").toString()).doesNotContain("\"pid\"", "\"uts\"").contains("\"ipc\"");
        assertThat(linux.path("devices").toString()).isEqualTo("[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,"
                + "\"minor\":229,\"fileMode\":384,\"uid\":0,\"gid\":0}]");
        assertThat(linux.at("/resources/devices").toString()).isEqualTo("[{\"allow\":true,\"type\":\"c\",\"major\":10,"
                + "\"minor\":229,\"access\":\"rw\"}]");
    }
}
