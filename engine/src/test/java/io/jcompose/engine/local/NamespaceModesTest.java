package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import io.jcompose.engine.server.internal.CreateRequestReader;
import io.jcompose.runtime.container.DeviceNode;
import io.jcompose.runtime.container.NamespaceMode;
import io.jcompose.runtime.container.Namespaces;
import org.junit.jupiter.api.Test;

/** PidMode/IpcMode/UTSMode and Devices as the wire gives them, to the runtime's values. */
class NamespaceModesTest {
    static final String ID = "a".repeat(64);

    static ContainerCreate create(String json) throws Exception {
        return CreateRequestReader.read(Json.api().readTree(json));
    }

    @Test
    void modesAreReadResolvedAndTranslated() throws Exception {
        ContainerCreate req = create("{\"Image\":\"x\",\"HostConfig\":{\"PidMode\":\"container:web\","
                + "\"IpcMode\":\"host\",\"UTSMode\":\"host\"}}");
        NamespaceModes.check(req);
        ContainerCreate resolved = NamespaceModes.resolve(req, name -> name.equals("web") ? ID : "?");
        assertThat(resolved.hostConfig().pidMode()).isEqualTo("container:" + ID);
        assertThat(NamespaceModes.of(resolved.hostConfig())).isEqualTo(
                new Namespaces(NamespaceMode.of(ID), NamespaceMode.HOST, NamespaceMode.HOST, NamespaceMode.PRIVATE));
        assertThat(NamespaceModes.of(create("{\"Image\":\"x\",\"HostConfig\":{\"IpcMode\":\"shareable\"}}")
                .hostConfig())).isEqualTo(Namespaces.PRIVATE);
    }

    @Test
    void dockersRefusalsAre400s() {
        assertThatThrownBy(() -> NamespaceModes.check(create("{\"Image\":\"x\",\"Hostname\":\"h\","
                + "\"HostConfig\":{\"UTSMode\":\"host\"}}")))
                .isInstanceOf(EngineException.BadRequest.class).hasMessage("conflicting options: hostname and the UTS mode");
        assertThatThrownBy(() -> NamespaceModes.check(create("{\"Image\":\"x\",\"HostConfig\":{\"PidMode\":\"bogus\"}}")))
                .isInstanceOf(EngineException.BadRequest.class).hasMessage("invalid PID mode: bogus");
        assertThatThrownBy(() -> NamespaceModes.check(create("{\"Image\":\"x\",\"HostConfig\":{\"IpcMode\":\"none\"}}")))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("invalid IPC mode: none");
        assertThatThrownBy(() -> create("{\"Image\":\"x\",\"HostConfig\":{\"Devices\":[{\"PathOnHost\":\"/dev/null\","
                + "\"Extra\":1}]}}")).hasMessageContaining("unsupported field HostConfig.Devices[0].Extra");
    }

    @Test
    void devicesTakeTheHostNodesNumbersAndDefaults() throws Exception {
        var h = create("{\"Image\":\"x\",\"HostConfig\":{\"Devices\":[{\"PathOnHost\":\"/dev/null\","
                + "\"PathInContainer\":\"/dev/mynull\",\"CgroupPermissions\":\"rw\"},{\"PathOnHost\":\"/dev/zero\"}]}}")
                .hostConfig();
        assertThat(DeviceMappings.translate(h)).containsExactly(
                new DeviceNode("/dev/mynull", "c", 1, 3, 0666, 0, 0, "rw"),
                new DeviceNode("/dev/zero", "c", 1, 5, 0666, 0, 0, "rwm"));
        var bad = create("{\"Image\":\"x\",\"HostConfig\":{\"Devices\":[{\"PathOnHost\":\"/etc/hostname\"}]}}");
        assertThatThrownBy(() -> DeviceMappings.translate(bad.hostConfig())).isInstanceOf(EngineException.BadRequest.class)
                .hasMessage("error gathering device information while adding custom device \"/etc/hostname\": "
                        + "not a device node");
        var rules = create("{\"Image\":\"x\",\"HostConfig\":{\"DeviceCgroupRules\":[\"c 10:* rw\"]}}");
        assertThat(DeviceMappings.rules(rules.hostConfig())).containsExactly(new io.jcompose.runtime.container.DeviceRule(
                "c", 10, -1, "rw"));
        var badRule = create("{\"Image\":\"x\",\"HostConfig\":{\"DeviceCgroupRules\":[\"c 10 rw\"]}}");
        assertThatThrownBy(() -> DeviceMappings.rules(badRule.hostConfig())).isInstanceOf(EngineException.BadRequest.class)
                .hasMessage("invalid device cgroup rule format: 'c 10 rw'");
        var perms = create("{\"Image\":\"x\",\"HostConfig\":{\"Devices\":[{\"PathOnHost\":\"/dev/null\","
                + "\"CgroupPermissions\":\"rwx\"}]}}");
        assertThatThrownBy(() -> DeviceMappings.translate(perms.hostConfig())).hasMessageContaining("invalid device mode");
    }
}
