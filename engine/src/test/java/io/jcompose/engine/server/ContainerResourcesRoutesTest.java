package io.jcompose.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.ContainerChange;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerUpdate;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.HostConfig;
import io.jcompose.engine.api.RestartPolicy;
import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.engine.api.fake.FakeEngine;
import io.jcompose.engine.api.fake.FakeTar;
import io.jcompose.engine.api.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource fields of create, {@code /containers/{id}/update} and {@code /changes} over the real server. */
class ContainerResourcesRoutesTest {
    @TempDir
    Path dir;
    ApiServer server;
    EngineClient client;

    @BeforeEach
    void start() throws IOException {
        server = ApiServer.start(dir.resolve("engine.sock"), new FakeEngine());
        client = EngineClient.of(server.socket());
        client.loadImages(new ByteArrayInputStream(FakeEngine.saveArchive("busybox:latest", List.of("sh"))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String raw(String method, String path, String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.socket()));
            OutputStream out = Channels.newOutputStream(ch);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: d\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json)
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String create(String hostConfig) throws IOException {
        return raw("POST", "/v1.44/containers/create", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\"],\"HostConfig\":"
                + hostConfig + "}");
    }

    @Test
    void createBindsTheResourceAndSecurityFieldsAndInspectShowsThem() throws IOException {
        String answer = create("{\"CpuQuota\":50000,\"CpuPeriod\":100000,\"CpusetCpus\":\"0\",\"MemorySwap\":-1,"
                + "\"Memory\":67108864,\"MemoryReservation\":33554432,\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":512,"
                + "\"Hard\":512}],\"Sysctls\":{\"net.ipv4.ip_forward\":\"1\"},\"SecurityOpt\":[\"seccomp=unconfined\"],"
                + "\"GroupAdd\":[\"wheel\"],\"DnsSearch\":[\"example.org\"],\"DnsOptions\":[\"ndots:2\"],\"CpuCount\":0,"
                + "\"OomKillDisable\":true,\"MemorySwappiness\":10}");
        assertThat(answer).startsWith("HTTP/1.1 201");
        String id = Json.api().readTree(answer.substring(answer.indexOf('{'))).get("Id").asText();
        HostConfig h = client.inspectContainer(id).hostConfig();
        assertThat(h.cpuQuota()).isEqualTo(50000);
        assertThat(h.cpusetCpus()).isEqualTo("0");
        assertThat(h.memorySwap()).isEqualTo(-1);
        assertThat(h.ulimits()).containsExactly(new HostConfig.Ulimit("nofile", 512, 512));
        assertThat(h.sysctls()).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(h.securityOpt()).containsExactly("seccomp=unconfined");
        assertThat(h.groupAdd()).containsExactly("wheel");
        assertThat(h.dnsSearch()).containsExactly("example.org");
        assertThat(h.dnsOptions()).containsExactly("ndots:2");
        assertThat(h.memorySwappiness()).contains(10L);
        assertThat(h.oomKillDisable()).contains(true);
    }

    @Test
    void unknownKeysInsideUlimitsAndTrulyUnsupportedFieldsAreA400NamingThem() throws IOException {
        assertThat(create("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1,\"Hard\":1,\"Extra\":5}]}"))
                .startsWith("HTTP/1.1 400").contains("unsupported field HostConfig.Ulimits[0].Extra");
        assertThat(create("{\"BlkioWeight\":300}")).startsWith("HTTP/1.1 400")
                .contains("unsupported field HostConfig.BlkioWeight");
        assertThat(create("{\"OomKillDisable\":true,\"MemorySwappiness\":60}")).startsWith("HTTP/1.1 201");
    }

    @Test
    void updateMergesNonZeroValuesAndAnswersWarnings() throws IOException {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        String answer = raw("POST", "/v1.44/containers/" + id + "/update", "{\"Memory\":67108864,\"NanoCpus\":500000000,"
                + "\"BlkioWeight\":0,\"CpuShares\":0,\"Ulimits\":null,\"RestartPolicy\":{\"Name\":\"always\"}}");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"Warnings\":[]}");
        HostConfig h = client.inspectContainer(id).hostConfig();
        assertThat(h.memory()).isEqualTo(64L << 20);
        assertThat(h.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(h.restartPolicy().name()).isEqualTo("always");

        assertThat(client.updateContainer(id, ContainerUpdate.none().withPidsLimit(10)
                .withRestartPolicy(new RestartPolicy("", 0)))).isEmpty();
        h = client.inspectContainer(id).hostConfig();
        assertThat(h.pidsLimit()).contains(10L);
        assertThat(h.memory()).isEqualTo(64L << 20);
        assertThat(h.restartPolicy().name()).isEqualTo("always");
    }

    @Test
    void updateRefusesUnsupportedFieldsAndDockersConflicts() throws IOException {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        assertThat(raw("POST", "/containers/" + id + "/update", "{\"BlkioWeight\":300}"))
                .startsWith("HTTP/1.1 400").contains("unsupported field BlkioWeight");
        client.updateContainer(id, ContainerUpdate.none().withNanoCpus(500_000_000L));
        assertThat(raw("POST", "/containers/" + id + "/update", "{\"CpuQuota\":20000}"))
                .startsWith("HTTP/1.1 409").contains("CPU Quota cannot be updated as NanoCPUs has already been set");
        assertThatThrownBy(() -> client.updateContainer("nope", ContainerUpdate.none()))
                .isInstanceOf(EngineException.NotFound.class);
    }

    @Test
    void changesListThePathsAContainerChanged() throws Exception {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        assertThat(client.containerChanges(id)).isEmpty();
        client.copyTo(id, "/tmp", new ByteArrayInputStream(FakeTar.of("a.txt", "content")), false);
        assertThat(client.containerChanges(id)).containsExactly(new ContainerChange("/tmp/a.txt", ContainerChange.ADDED));
        assertThat(raw("GET", "/containers/" + id + "/changes", "")).startsWith("HTTP/1.1 200")
                .contains("[{\"Path\":\"/tmp/a.txt\",\"Kind\":1}]");
    }
}
