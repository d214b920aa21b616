package io.jcompose.engine.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerStats;
import io.jcompose.engine.api.ContainerSummary;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.Mount;
import io.jcompose.engine.api.MountPoint;
import io.jcompose.engine.api.RestartPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void createRequestKeepsConfigAtTopLevelBesideHostConfig() throws Exception {
        ContainerCreate req = ContainerCreate.of("busybox").withConfig(ContainerCreate.of("busybox").config()
                .withCmd(List.of("echo", "hi")).withLabels(Map.of("a", "b")))
                .withHostConfig(ContainerCreate.of("x").hostConfig().withBinds(List.of("/h:/c:ro"))
                        .withMounts(List.of(Mount.tmpfs("/t", 4096, 0))));
        ObjectNode wire = Json.toWire(req);
        assertThat(wire.get("Image").asText()).isEqualTo("busybox");
        assertThat(wire.get("Cmd").toString()).isEqualTo("[\"echo\",\"hi\"]");
        assertThat(wire.at("/HostConfig/Binds/0").asText()).isEqualTo("/h:/c:ro");
        assertThat(wire.at("/HostConfig/Mounts/0/TmpfsOptions/SizeBytes").asLong()).isEqualTo(4096);
        assertThat(wire.has("Entrypoint")).isFalse();
        assertThat(Json.createFromWire(wire)).isEqualTo(req);
    }

    @Test
    void dockerSpellingsThatAreNotPascalCase() {
        ContainerSummary s = new ContainerSummary("id", List.of("/n"), "img", "sha256:x", "", 0, List.of(), Map.of(),
                "running", "Up", null, null, List.of(new MountPoint("bind", "", "/h", "/c", "", "", true, "rprivate")));
        JsonNode n = Json.api().valueToTree(s);
        assertThat(n.get("ImageID").asText()).isEqualTo("sha256:x");
        assertThat(n.at("/Mounts/0/RW").asBoolean()).isTrue();
        JsonNode stats = Json.api().valueToTree(new ContainerStats("", "", "", "", null, null, null, null, null, null));
        assertThat(stats.has("cpu_stats")).isTrue();
        assertThat(stats.at("/memory_stats/max_usage").isNumber()).isTrue();
    }

    @Test
    void filtersInBothOfDockersForms() {
        assertThat(Json.decodeFilters("{\"label\":[\"a=b\"]}")).isEqualTo(Filters.of("label", "a=b"));
        assertThat(Json.decodeFilters("{\"label\":{\"a=b\":true}}")).isEqualTo(Filters.of("label", "a=b"));
        assertThat(Json.decodeFilters(Json.encode(Filters.of("status", "exited")))).isEqualTo(Filters.of("status", "exited"));
        assertThatThrownBy(() -> Json.decodeFilters("[1]")).isInstanceOf(EngineException.BadRequest.class);
    }

    @Test
    void labelFilters() {
        Filters f = Filters.of("label", "app", "tier=web");
        assertThat(f.labelsMatch("label", Map.of("app", "x", "tier", "web"))).isTrue();
        assertThat(f.labelsMatch("label", Map.of("app", "x", "tier", "db"))).isFalse();
        assertThat(f.labelsMatch("label", Map.of("tier", "web"))).isFalse();
    }

    @Test
    void restartPolicies() {
        assertThat(RestartPolicy.parse("on-failure:3")).isEqualTo(new RestartPolicy("on-failure", 3));
        assertThatThrownBy(() -> RestartPolicy.parse("always:3")).hasMessageContaining("only on-failure");
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("\"sometimes\"");
    }
}
