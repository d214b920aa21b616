package io.jcompose.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.errors.ComposeFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files make the project: discovery upwards, override files, COMPOSE_FILE, -f -, precedence of names. */
class DiscoveryTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void findsTheComposeFileInAParentDirectoryWithItsOverride() throws IOException {
        write("app/docker-compose.yml", "services:\n  a:\n    image: base\n");
        write("app/docker-compose.override.yml", "services:\n  a:\n    image: override\n");
        Files.createDirectories(dir.resolve("app/sub/deeper"));
        Project p = ProjectLoader.load(LoadOptions.in(dir.resolve("app/sub/deeper")));
        assertThat(p.name()).isEqualTo("app");
        assertThat(p.configFiles()).containsExactly(dir.resolve("app/docker-compose.yml"),
                dir.resolve("app/docker-compose.override.yml"));
        assertThat(p.service("a").orElseThrow().image()).contains("override");
    }

    @Test
    void composeYamlWinsOverTheLegacyNames() throws IOException {
        write("compose.yaml", "services:\n  a:\n    image: new\n");
        write("docker-compose.yml", "services:\n  a:\n    image: old\n");
        Project p = ProjectLoader.load(LoadOptions.in(dir));
        assertThat(p.service("a").orElseThrow().image()).contains("new");
        assertThat(p.warnings()).contains("Found multiple config files with supported names: compose.yaml, docker-compose.yml"
                + "\nUsing compose.yaml");
    }

    @Test
    void composeFileVariableListsTheFiles() throws IOException {
        write("one.yaml", "services:\n  a:\n    image: one\n");
        write("two.yaml", "services:\n  a:\n    environment: {X: \"2\"}\n");
        Project p = ProjectLoader.load(LoadOptions.in(dir).withEnvironment(Map.of("COMPOSE_FILE", "one.yaml:two.yaml")));
        assertThat(p.service("a").orElseThrow().environment()).containsEntry("X", "2");
        assertThat(p.service("a").orElseThrow().image()).contains("one");
    }

    @Test
    void standardInputIsAComposeFile() {
        Project p = ProjectLoader.load(LoadOptions.in(dir).withFiles(List.of("-"))
                .withStdin(() -> "services:\n  a:\n    image: from-stdin\n    volumes: [./x:/x]\n"));
        assertThat(p.service("a").orElseThrow().image()).contains("from-stdin");
        assertThat(p.service("a").orElseThrow().volumes().get(0).source()).contains(dir.resolve("x").toString());
    }

    @Test
    void noFileIsAClearError() {
        assertThatThrownBy(() -> ProjectLoader.load(LoadOptions.in(dir)))
                .isInstanceOf(ComposeFileException.class)
                .hasMessageContaining("no configuration file provided: not found");
    }

    @Test
    void aMissingNamedFileIsAnError() {
        assertThatThrownBy(() -> ProjectLoader.load(LoadOptions.in(dir).withFiles(List.of("nope.yaml"))))
                .isInstanceOf(ComposeFileException.class)
                .hasMessageContaining("nope.yaml: error: no such file or directory");
    }

    @Test
    void theProjectNameFallsBackToTheNormalisedDirectoryName() throws IOException {
        Path odd = dir.resolve("My.Odd_Dir");
        Files.createDirectories(odd);
        Files.writeString(odd.resolve("compose.yaml"), "services:\n  a:\n    image: x\n");
        assertThat(ProjectLoader.load(LoadOptions.in(odd)).name()).isEqualTo("myodd_dir");
        assertThat(ProjectLoader.load(LoadOptions.in(odd).withProjectName(Optional.of("given"))).name()).isEqualTo("given");
    }

    @Test
    void warnsAboutUnsetVariablesAndTheObsoleteVersion() throws IOException {
        write("compose.yaml", "version: \"3.8\"\nservices:\n  a:\n    image: \"x:${MISSING}\"\n");
        Project p = ProjectLoader.load(LoadOptions.in(dir));
        assertThat(p.warnings()).contains("The \"MISSING\" variable is not set. Defaulting to a blank string.");
        assertThat(p.warnings()).anyMatch(w -> w.contains("the attribute `version` is obsolete"));
        assertThat(p.service("a").orElseThrow().image()).contains("x:");
    }

    @Test
    void topLevelResourcesAreTyped() throws IOException {
        write("compose.yaml", """
                name: typed
                services:
                  a: {image: x, networks: [back], volumes: [data:/d], secrets: [token]}
                networks:
                  back: {internal: true, ipam: {config: [{subnet: 10.5.0.0/16, gateway: 10.5.0.1}]}}
                volumes:
                  data: {driver: local, labels: [k=v]}
                secrets:
                  token: {file: ./token}
                """);
        Project p = ProjectLoader.load(LoadOptions.in(dir));
        NetworkSpec back = p.networks().get("back");
        assertThat(back.name()).isEqualTo("typed_back");
        assertThat(back.internal()).isTrue();
        assertThat(back.ipam()).containsExactly(new IpamPool(Optional.of("10.5.0.0/16"), Optional.of("10.5.0.1"), Optional.empty()));
        assertThat(p.volumes().get("data")).extracting(VolumeSpec::name, VolumeSpec::driver, VolumeSpec::labels)
                .containsExactly("typed_data", Optional.of("local"), Map.of("k", "v"));
        assertThat(p.secrets().get("token").file()).contains(dir.resolve("token").toString());
    }

    @Test
    void theTypedModelCarriesTheCommonAttributes() throws IOException {
        write("compose.yaml", """
                services:
                  web:
                    image: nginx
                    command: nginx -g 'daemon off;'
                    ports: ["127.0.0.1:8080:80/tcp"]
                    environment: [A=1, UNSET]
                    depends_on: {db: {condition: service_healthy}}
                    healthcheck: {test: "true", interval: 1m30s, retries: 2}
                    deploy: {replicas: 3}
                    stop_grace_period: 5s
                  db:
                    image: postgres
                    volumes: [data:/var/lib/data]
                volumes: {data: {}}
                """);
        ServiceSpec web = ProjectLoader.load(LoadOptions.in(dir)).service("web").orElseThrow();
        assertThat(web.command()).contains(List.of("nginx", "-g", "daemon off;"));
        assertThat(web.ports()).containsExactly(new PortSpec(Optional.of("127.0.0.1"), Optional.of("8080"), 80, "tcp", "ingress"));
        assertThat(web.environment()).containsExactly(Map.entry("A", "1"));
        assertThat(web.dependsOn()).containsEntry("db", new Dependency("service_healthy", false, true));
        assertThat(web.healthcheck().orElseThrow().interval()).contains(java.time.Duration.ofSeconds(90));
        assertThat(web.scale()).isEqualTo(3);
        assertThat(web.stopGracePeriod()).contains(java.time.Duration.ofSeconds(5));
        assertThat(web.networks()).containsOnlyKeys("default");
        assertThat(ConfigHash.of(web)).hasSize(64);
        assertThat(web.flag("privileged")).isFalse();
        assertThat(web.strings("cap_add")).isEmpty();
    }

    @Test
    void untypedAttributesAreReachableByName() throws IOException {
        write("compose.yaml", """
                services:
                  a:
                    image: x
                    privileged: true
                    cap_add: [NET_ADMIN]
                    mem_limit: 1g
                    sysctls: [net.core.somaxconn=1024]
                """);
        ServiceSpec a = ProjectLoader.load(LoadOptions.in(dir)).service("a").orElseThrow();
        assertThat(a.flag("privileged")).isTrue();
        assertThat(a.strings("cap_add")).containsExactly("NET_ADMIN");
        assertThat(a.bytes("mem_limit")).contains(1L << 30);
        assertThat(a.stringMap("sysctls")).containsEntry("net.core.somaxconn", "1024");
        assertThat(a.attribute("image")).contains(new Value.Str("x"));
    }
}
