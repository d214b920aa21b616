package io.jcompose.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcompose.engine.api.Attachment;
import io.jcompose.engine.api.ContainerCreate;
import io.jcompose.engine.api.ContainerListQuery;
import io.jcompose.engine.api.CreatedId;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.Event;
import io.jcompose.engine.api.EventQuery;
import io.jcompose.engine.api.ExecCreate;
import io.jcompose.engine.api.Filters;
import io.jcompose.engine.api.LogEntry;
import io.jcompose.engine.api.LogQuery;
import io.jcompose.engine.api.StreamType;
import io.jcompose.engine.api.WaitCondition;
import io.jcompose.engine.api.WaitResult;
import io.jcompose.engine.api.client.EngineClient;
import io.jcompose.engine.api.fake.FakeEngine;
import io.jcompose.engine.api.fake.FakeTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server over a real unix socket, driven by EngineClient (and raw HTTP), against the FakeEngine. */
class ApiServerTest {
    @TempDir
    Path dir;
    FakeEngine fake;
    ApiServer server;
    EngineClient client;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeEngine();
        server = ApiServer.start(dir.resolve("engine.sock"), fake);
        client = EngineClient.of(server.socket());
        client.loadImages(new ByteArrayInputStream(FakeEngine.saveArchive("busybox:latest", List.of("sh"))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.socket()));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: d\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    @Test
    void pingAdvertisesTheApiVersionOnEveryPath() throws IOException {
        assertThat(client.ping()).isEqualTo("1.44");
        assertThat(raw("HEAD /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200").containsIgnoringCase("api-version: 1.44");
        assertThat(raw("GET /v1.24/version HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .contains("\"ApiVersion\":\"1.44\"");
        assertThat(raw("GET /v1.50/version HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("{\"message\":\"client version 1.50 is too new. Maximum supported API version is 1.44\"}");
        assertThat(raw("GET /nope HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404").contains("page not found");
    }

    @Test
    void registryEndpointsAreA501NamingWhatIsMissing() throws IOException {
        assertThat(raw(post("/v1.44/auth", "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"r.test\"}")))
                .startsWith("HTTP/1.1 501").contains("logging in to a registry is not supported");
        assertThat(raw("GET /v1.44/images/search?term=busybox HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 501").contains("searching a registry is not supported");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        String one = "GET /_ping HTTP/1.1\r\nHost: d\r\n\r\n";
        String answer = raw(one + one + "GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(4);
    }

    @Test
    void unsupportedCreateFieldIsA400NamingIt() throws IOException {
        String answer = raw(post("/v1.44/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"BlkioWeight\":300,"
                + "\"CpuQuota\":5000,\"Devices\":[]},\"OnBuild\":null}"));
        assertThat(answer).startsWith("HTTP/1.1 400").contains("unsupported field HostConfig.BlkioWeight");
        assertThat(raw(post("/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\","
                + "\"Source\":\"/a\",\"Target\":\"/b\",\"BindOptions\":{\"Propagation\":\"rslave\",\"ReadOnlyForce\":true}}]}}")))
                .startsWith("HTTP/1.1 400").contains("HostConfig.Mounts[0].BindOptions.ReadOnlyForce");
        assertThat(raw(post("/containers/create", "{\"Image\":\"busybox\",\"Cmd\":[\"x\"],\"HostConfig\":{\"CpuShares\":0,"
                + "\"ConsoleSize\":[24,80],\"LogConfig\":{\"Type\":\"\",\"Config\":{}}}}")))
                .startsWith("HTTP/1.1 201").contains("\"Id\":");
    }

    @Test
    void createListByLabelInspectAndErrors() {
        CreatedId a = client.createContainer(Optional.of("web"), ContainerCreate.of("busybox")
                .withConfig(ContainerCreate.of("busybox").config().withLabels(Map.of("app", "a"))));
        client.createContainer(Optional.of("db"), ContainerCreate.of("busybox"));
        assertThat(client.listContainers(ContainerListQuery.all(Filters.of("label", "app=a"))))
                .extracting(c -> c.name()).containsExactly("web");
        assertThat(client.listContainers(ContainerListQuery.running())).isEmpty();
        assertThat(client.inspectContainer("web").id()).isEqualTo(a.id());
        assertThat(client.inspectContainer("web").name()).isEqualTo("/web");
        assertThatThrownBy(() -> client.inspectContainer("nope")).isInstanceOf(EngineException.NotFound.class)
                .hasMessage("No such container: nope");
        assertThatThrownBy(() -> client.createContainer(Optional.of("web"), ContainerCreate.of("busybox")))
                .isInstanceOf(EngineException.Conflict.class).hasMessageContaining("already in use");
        assertThatThrownBy(() -> client.listContainers(ContainerListQuery.all(Filters.of("colour", "red"))))
                .isInstanceOf(EngineException.BadRequest.class).hasMessage("invalid filter 'colour'");
    }

    @Test
    void waitIsRegisteredBeforeStartAndLogsAreFramed() throws Exception {
        ContainerCreate echo = ContainerCreate.of("busybox").withConfig(ContainerCreate.of("busybox").config()
                .withCmd(List.of("echo", "hi")));
        String id = client.createContainer(Optional.empty(), echo).id();
        CompletableFuture<WaitResult> exit = client.waitContainer(id, WaitCondition.NEXT_EXIT);
        client.startContainer(id);
        assertThat(exit.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(0);
        try (EngineStream<LogEntry> logs = client.logs(id, LogQuery.all())) {
            LogEntry e = logs.next().orElseThrow();
            assertThat(e.stream()).isEqualTo(StreamType.STDOUT);
            assertThat(e.text()).isEqualTo("hi\n");
            assertThat(logs.next()).isEmpty();
        }
    }

    @Test
    void followedLogsSeeNewOutputUntilTheContainerStops() {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        client.startContainer(id);
        fake.print(id, StreamType.STDERR, "one\n");
        try (EngineStream<LogEntry> logs = client.logs(id, LogQuery.all().withFollow(true))) {
            assertThat(logs.next().orElseThrow().text()).isEqualTo("one\n");
            fake.print(id, StreamType.STDOUT, "two\n");
            assertThat(logs.next().orElseThrow().text()).isEqualTo("two\n");
            client.stopContainer(id, Optional.empty(), Optional.empty());
            assertThat(logs.next()).isEmpty();
        }
    }

    @Test
    void execIsHijackedBothWays() throws Exception {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        client.startContainer(id);
        String exec = client.createExec(id, new ExecCreate(true, true, true, false, List.of(), List.of("cat"), false,
                "", "", ""));
        try (Attachment a = client.startExec(exec, false)) {
            a.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
            a.stdin().flush();
            assertThat(a.output().next().orElseThrow().text()).isEqualTo("ping\n");
            a.stdin().close();
            assertThat(a.output().next()).isEmpty();
        }
        assertThat(client.inspectExec(exec).exitCode()).contains(0);
    }

    @Test
    void attachCarriesStdinToTheContainer() throws Exception {
        ContainerCreate cat = ContainerCreate.of("busybox").withConfig(ContainerCreate.of("busybox").config()
                .withCmd(List.of("cat")));
        String id = client.createContainer(Optional.empty(), cat).id();
        try (Attachment a = client.attachContainer(id, true, false, true)) {
            client.startContainer(id);
            a.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(a.output().next().orElseThrow().text()).isEqualTo("hello\n");
            a.stdin().close();
            assertThat(a.output().next()).isEmpty();
        }
        assertThat(fake.stdinOf(id)).isEqualTo("hello\n");
    }

    @Test
    void aHijackedConnectionEndsWithEofEvenWithUnreadInput() throws Exception {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        client.startContainer(id);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.socket()));
            ch.write(ByteBuffer.wrap(("POST /containers/" + id + "/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: d\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
            StringBuilder head = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString().endsWith("\r\n\r\n") && ch.read(one) > 0) {
                head.append((char) one.get(0));
                one.clear();
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            // the container reads no stdin (not attached): the input fills the socket, unread
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                try {
                    while (written.get() < 4 << 20) {
                        chunk.clear();
                        written.addAndGet(ch.write(chunk));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long before = -1;
            for (int i = 0; i < 100 && written.get() != before; i++) {
                before = written.get();
                Thread.sleep(50); // until the writer is stuck on a full socket
            }
            assertThat(writer).as("the writer is blocked by unread input").isNotDone();
            fake.exit(id, 0);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                try {
                    while (ch.read(buf) >= 0) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return out.toString(StandardCharsets.UTF_8);
            });
            // EOF after the whole answer, not "connection reset by peer"; what the client still sent is dropped
            assertThat(read.get(10, TimeUnit.SECONDS)).isEmpty();
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void archivesGoBothWays() throws Exception {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        client.copyTo(id, "/tmp", new ByteArrayInputStream(FakeTar.of("a.txt", "content")), false);
        assertThat(client.statPath(id, "/tmp/a.txt").size()).isEqualTo(7);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        client.copyFrom(id, "/tmp/a.txt", tar);
        assertThat(FakeTar.read(new ByteArrayInputStream(tar.toByteArray())).get("a.txt"))
                .isEqualTo("content".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.statPath(id, "/nope")).isInstanceOf(EngineException.NotFound.class);
    }

    @Test
    void archivePutAcceptsGzipBzip2AndXzAndRefusesWhatIsNotATar() throws Exception {
        String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(FakeTar.of("g.txt", "gzipped"));
        }
        client.copyTo(id, "/tmp", new ByteArrayInputStream(gz.toByteArray()), false);
        assertThat(client.statPath(id, "/tmp/g.txt").size()).isEqualTo(7);
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var z = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            z.write(FakeTar.of("b.txt", "bz"));
        }
        client.copyTo(id, "/tmp", new ByteArrayInputStream(bz.toByteArray()), false);
        assertThat(client.statPath(id, "/tmp/b.txt").size()).isEqualTo(2);
        byte[] text = "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.copyTo(id, "/tmp", new ByteArrayInputStream(text), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("not a tar archive");
        // refused after its first bytes, a large body is still read to its end: the client gets the answer,
        // not a connection reset while it writes
        byte[] big = "not a tar, and long. ".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.copyTo(id, "/tmp", new ByteArrayInputStream(big), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("not a tar archive");
        ByteArrayOutputStream gzText = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gzText)) {
            z.write(text);
        }
        assertThatThrownBy(() -> client.copyTo(id, "/tmp", new ByteArrayInputStream(gzText.toByteArray()), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("not a tar archive");
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (var z = new org.apache.commons.compress.compressors.xz.XZCompressorOutputStream(xz)) {
            z.write(FakeTar.of("x.txt", "xzz"));
        }
        client.copyTo(id, "/tmp", new ByteArrayInputStream(xz.toByteArray()), false);
        assertThat(client.statPath(id, "/tmp/x.txt").size()).isEqualTo(3);
        byte[] corruptXz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2};
        assertThatThrownBy(() -> client.copyTo(id, "/tmp", new ByteArrayInputStream(corruptXz), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("xz archive");
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0};
        assertThatThrownBy(() -> client.copyTo(id, "/tmp", new ByteArrayInputStream(zstd), false))
                .isInstanceOf(EngineException.BadRequest.class).hasMessageContaining("zstd");
    }

    @Test
    void eventsStreamLiveAndFiltered() {
        try (EngineStream<Event> events = client.events(EventQuery.live(Filters.of("type", "container")
                .with("event", "start")))) {
            String id = client.createContainer(Optional.empty(), ContainerCreate.of("busybox")).id();
            client.startContainer(id);
            Event e = events.next().orElseThrow();
            assertThat(e.action()).isEqualTo("start");
            assertThat(e.actor().id()).isEqualTo(id);
        }
    }

    @Test
    void imagesListInspectTagRemoveSave() throws IOException {
        assertThat(client.listImages(false, Filters.NONE)).flatExtracting(i -> i.repoTags()).contains("busybox:latest");
        client.tagImage("busybox", "mine/box", "v1");
        assertThat(client.inspectImage("mine/box:v1").repoTags()).contains("mine/box:v1");
        assertThat(client.removeImage("mine/box:v1", false, false)).extracting(d -> d.untagged()).contains("mine/box:v1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.saveImages(List.of("busybox"), out);
        assertThat(FakeEngine.readArchive(out.toByteArray())).containsKey("manifest.json");
        assertThatThrownBy(() -> client.inspectImage("nope")).isInstanceOf(EngineException.NotFound.class);
    }
}
