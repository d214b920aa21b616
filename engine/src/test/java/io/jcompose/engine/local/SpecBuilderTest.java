package io.jcompose.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.engine.api.ContainerConfig;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.Health;
import io.jcompose.engine.api.MountPoint;
import io.jcompose.engine.api.json.Json;
import io.jcompose.runtime.image.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SpecBuilderTest {
    static ImageConfig image(List<String> entrypoint, List<String> cmd, List<String> env) {
        return new ImageConfig(entrypoint, cmd, env, "/srv", "", new TreeSet<>(), new TreeSet<>(), Map.of(),
                Optional.empty(), Optional.empty(), "amd64", "linux", Optional.empty());
    }

    @Test
    void entrypointAndCmdMergeAsDockerMergesThem() {
        ImageConfig img = image(List.of("/entry"), List.of("default"), List.of());
        ContainerConfig none = ContainerConfig.of("x");
        assertThat(SpecBuilder.command(none, img)).containsExactly("/entry", "default");
        assertThat(SpecBuilder.command(none.withCmd(List.of("mine")), img)).containsExactly("/entry", "mine");
        assertThat(SpecBuilder.command(none.withEntrypoint(List.of("/other")), img)).containsExactly("/other");
        assertThat(SpecBuilder.command(none.withEntrypoint(List.of("")).withCmd(List.of("sh")), img)).containsExactly("sh");
    }

    @Test
    void environmentLayersImageThenRequest() {
        ImageConfig img = image(List.of(), List.of("sh"), List.of("PATH=/bin", "A=image", "B=image"));
        ContainerConfig c = ContainerConfig.of("x").withEnv(List.of("B=mine", "C=mine", "UNSET"));
        assertThat(SpecBuilder.env(c, img, "host1", "/root"))
                .containsExactly("PATH=/bin", "A=image", "HOSTNAME=host1", "B=mine", "C=mine", "HOME=/root");
        assertThat(SpecBuilder.env(c.withTty(true, true), img, "h", "/")).contains("TERM=xterm");
    }

    @Test
    void recordsRoundTripThroughTheStateMapper() throws Exception {
        ContainerMeta m = new ContainerMeta("abc", "web", ContainerCreate.of("busybox")
                .withConfig(ContainerConfig.of("busybox").withCmd(List.of("echo")).withLabels(Map.of("a", "b"))),
                "sha256:1", "2026-01-01T00:00:00Z", List.of(new MountPoint("bind", "", "/h", "/c", "", "ro", false, "rprivate")),
                true, 2, Optional.of(new Health("healthy", 0, List.of(new Health.HealthResult("s", "e", 0, "ok")))));
        byte[] json = Json.state().writeValueAsBytes(m);
        assertThat(Json.state().readValue(json, ContainerMeta.class)).isEqualTo(m);
    }
}
