package io.jcompose.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers, unchanged, against the jcompose engine: it finds the engine through {@code DOCKER_HOST},
 * and everything below goes through its own docker-java client and HTTP transport.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestcontainersIT {
    static final DockerImageName BUSYBOX = DockerImageName.parse(TestImages.BUSYBOX);

    TestEngine engine;
    DockerClient client;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngine.start();
        client = DockerClientFactory.instance().client();
        try (InputStream in = Files.newInputStream(engine.busyboxArchive())) {
            client.loadImageCmd(in).exec();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    /** A busybox container that prints "ready" and then sleeps. */
    static GenericContainer<?> sleeper() {
        return new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo ready; sleep 300")
                .waitingFor(Wait.forLogMessage("ready.*", 1).withStartupTimeout(Duration.ofSeconds(30)));
    }

    @Test
    @DisplayName("start, wait for a log line, env, labels, exec (stdout, stderr, exit code), logs, stop removes it")
    void lifecycle() throws Exception {
        String id;
        try (GenericContainer<?> c = sleeper().withEnv("GREETING", "hello").withLabel("suite", "acceptance")) {
            c.start();
            id = c.getContainerId();
            assertThat(c.isRunning()).isTrue();
            assertThat(c.getLogs()).isEqualTo("ready\n");
            assertThat(c.getContainerInfo().getConfig().getLabels()).containsEntry("suite", "acceptance");

            ExecResult r = c.execInContainer("sh", "-c", "echo $GREETING; echo oops >&2; exit 3");
            assertThat(r.getStdout()).isEqualTo("hello\n");
            assertThat(r.getStderr()).isEqualTo("oops\n");
            assertThat(r.getExitCode()).isEqualTo(3);

            List<Container> labelled = client.listContainersCmd()
                    .withLabelFilter(Map.of("suite", "acceptance")).exec();
            assertThat(labelled).extracting(Container::getId).containsExactly(id);
        }
        assertThat(client.listContainersCmd().withShowAll(true).exec()).extracting(Container::getId)
                .doesNotContain(id);
    }

    @Test
    @DisplayName("withFileSystemBind is read and written both ways; withTmpFs is a tmpfs of the asked size")
    void bindAndTmpfs() throws Exception {
        Path dir = engine.newDir("tc-bind");
        Files.writeString(dir.resolve("in.txt"), "from the host\n");
        try (GenericContainer<?> c = sleeper().withFileSystemBind(dir.toString(), "/data", BindMode.READ_WRITE)
                .withTmpFs(Map.of("/scratch", "rw,size=4m"))) {
            c.start();
            assertThat(c.execInContainer("cat", "/data/in.txt").getStdout()).isEqualTo("from the host\n");
            assertThat(c.execInContainer("sh", "-c", "echo from the container > /data/out.txt").getExitCode())
                    .isZero();
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("from the container\n");

            String mounts = c.execInContainer("cat", "/proc/mounts").getStdout();
            assertThat(mounts.lines().filter(l -> l.contains(" /scratch ")))
                    .singleElement().satisfies(l -> assertThat(l).startsWith("tmpfs").contains("size=4096k"));
            ExecResult write = c.execInContainer("sh", "-c", "echo x > /scratch/f && cat /scratch/f");
            assertThat(write.getStdout()).isEqualTo("x\n");
        }
    }

    @Test
    @DisplayName("withFileSystemBind READ_ONLY: writes fail inside, the host file is unchanged")
    void readOnlyBind() throws Exception {
        Path dir = engine.newDir("tc-ro");
        Files.writeString(dir.resolve("in.txt"), "keep\n");
        try (GenericContainer<?> c = sleeper().withFileSystemBind(dir.toString(), "/ro", BindMode.READ_ONLY)) {
            c.start();
            ExecResult r = c.execInContainer("sh", "-c", "echo changed > /ro/in.txt");
            assertThat(r.getExitCode()).isNotZero();
            assertThat(r.getStderr()).containsIgnoringCase("read-only");
            assertThat(Files.readString(dir.resolve("in.txt"))).isEqualTo("keep\n");
        }
    }

    @Test
    @DisplayName("withCopyToContainer before start, copyFileFromContainer (as a stream and to a host file)")
    void copyFiles() throws Exception {
        Path host = engine.newDir("tc-copy");
        try (GenericContainer<?> c = sleeper()
                .withCopyToContainer(Transferable.of("copied before start\n"), "/etc/app/before.txt")) {
            c.start();
            assertThat(c.execInContainer("cat", "/etc/app/before.txt").getStdout()).isEqualTo("copied before start\n");

            c.execInContainer("sh", "-c", "echo made inside > /tmp/made.txt");
            String text = c.copyFileFromContainer("/tmp/made.txt",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(text).isEqualTo("made inside\n");
            c.copyFileFromContainer("/tmp/made.txt", host.resolve("made.txt").toString());
            assertThat(Files.readString(host.resolve("made.txt"))).isEqualTo("made inside\n");
        }
    }

    @Test
    @DisplayName("copyFileToContainer into a running container (PUT /containers/{id}/archive?path=/)")
    void copyAfterStart() throws Exception {
        Path host = engine.newDir("tc-copy-later");
        Files.writeString(host.resolve("later.txt"), "copied after start\n");
        try (GenericContainer<?> c = sleeper()) {
            c.start();
            c.copyFileToContainer(MountableFile.forHostPath(host.resolve("later.txt")), "/tmp/later.txt");
            c.copyFileToContainer(Transferable.of("at the root\n"), "/root.txt");
            assertThat(c.execInContainer("cat", "/tmp/later.txt", "/root.txt").getStdout())
                    .isEqualTo("copied after start\nat the root\n");
        }
    }

    @Test
    @DisplayName("followOutput to a log consumer, Wait.forSuccessfulCommand, working directory, exec as a user")
    void logConsumerAndCommandWait() throws Exception {
        var consumer = new org.testcontainers.containers.output.ToStringConsumer();
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo out; echo err >&2; sleep 1; touch /tmp/ready; sleep 300")
                .withWorkingDirectory("/home/app")
                .withLogConsumer(consumer)
                .waitingFor(Wait.forSuccessfulCommand("test -f /tmp/ready")
                        .withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.execInContainer("pwd").getStdout()).isEqualTo("/home/app\n");
            assertThat(c.execInContainerWithUser("app", "id", "-un").getStdout()).isEqualTo("app\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!consumer.toUtf8String().contains("err") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(consumer.toUtf8String()).contains("out\n").contains("err\n");
            assertThat(c.getLogs(org.testcontainers.containers.output.OutputFrame.OutputType.STDERR))
                    .isEqualTo("err\n");
        }
    }

    @Test
    @DisplayName("Wait.forHealthcheck with a healthcheck set through withCreateContainerCmdModifier")
    void healthcheckWait() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "sleep 1; touch /tmp/healthy; sleep 300")
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(
                        new com.github.dockerjava.api.model.HealthCheck()
                                .withTest(List.of("CMD-SHELL", "test -f /tmp/healthy"))
                                .withInterval(Duration.ofMillis(200).toNanos())
                                .withTimeout(Duration.ofSeconds(2).toNanos())
                                .withRetries(50)))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.isHealthy()).isTrue();
            assertThat(c.getCurrentContainerInfo().getState().getHealth().getStatus()).isEqualTo("healthy");
        }
    }

    @Test
    @DisplayName("a one-shot container: OneShotStartupCheckStrategy waits for exit code 0, logs stay readable")
    void oneShot() {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo done")
                .withStartupCheckStrategy(new org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy()
                        .withTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.getLogs()).isEqualTo("done\n");
        }
    }

    @Test
    @DisplayName("a failing one-shot container makes start() fail with its exit code")
    void oneShotFailure() {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "exit 3")
                .withStartupAttempts(1)
                .withStartupCheckStrategy(new org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy()
                        .withTimeout(Duration.ofSeconds(30)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
                    .isInstanceOf(org.testcontainers.containers.ContainerLaunchException.class);
        }
    }

    @Test
    @DisplayName("withCopyFileToContainer of a classpath resource and a host file before start, file mode kept")
    void copyFileBeforeStart() throws Exception {
        Path host = engine.newDir("tc-copy-file");
        Files.writeString(host.resolve("run.sh"), "#!/bin/sh\necho script ran\n");
        try (GenericContainer<?> c = sleeper()
                .withCopyFileToContainer(MountableFile.forHostPath(host.resolve("run.sh"), 0755), "/opt/run.sh")
                .withCopyFileToContainer(MountableFile.forClasspathResource("sample.txt"), "/opt/sample.txt")) {
            c.start();
            assertThat(c.execInContainer("/opt/run.sh").getStdout()).isEqualTo("script ran\n");
            assertThat(c.execInContainer("cat", "/opt/sample.txt").getStdout()).isEqualTo("a classpath resource\n");
        }
    }

    @Test
    @DisplayName("withNetworkMode(none): the container has only loopback")
    void networkModeNone() throws Exception {
        try (GenericContainer<?> c = sleeper().withNetworkMode("none")) {
            c.start();
            String links = c.execInContainer("ls", "/sys/class/net").getStdout();
            assertThat(links.trim()).isEqualTo("lo");
        }
    }

    @Test
    @DisplayName("DockerClientFactory sees a Docker environment and the engine's identity")
    void dockerClientFactory() {
        assertThat(DockerClientFactory.instance().isDockerAvailable()).isTrue();
        assertThat(DockerClientFactory.instance().getActiveApiVersion()).isEqualTo("1.44");
        assertThat(DockerClientFactory.instance().getInfo().getOperatingSystem()).isNotBlank();
    }

    /** busybox httpd serving one page. */
    static GenericContainer<?> web(String page) {
        return new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c",
                        "mkdir -p /www && echo " + page + " > /www/index.html && exec httpd -f -p 8080 -h /www")
                .withExposedPorts(8080);
    }

    @Test
    @DisplayName("withExposedPorts + getMappedPort: the default wait strategy passes and the host reaches the server")
    void exposedPort() throws Exception {
        try (GenericContainer<?> c = web("hello-from-httpd")) {
            c.start();
            int port = c.getMappedPort(8080);
            assertThat(port).isPositive();
            assertThat(get("http://" + c.getHost() + ":" + port + "/")).isEqualTo("hello-from-httpd\n");
        }
    }

    @Test
    @DisplayName("Network.newNetwork(): a container reaches another by its network alias")
    void networkAlias() throws Exception {
        try (Network net = Network.newNetwork();
                GenericContainer<?> server = web("hello-by-alias").withNetwork(net).withNetworkAliases("srv");
                GenericContainer<?> other = sleeper().withNetwork(net)) {
            server.start();
            other.start();
            // busybox-static's wget crashes in these images (glibc NSS): nc speaks the HTTP
            ExecResult r = other.execInContainer("sh", "-c",
                    "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 srv 8080");
            assertThat(r.getExitCode()).as(r.getStderr()).isZero();
            assertThat(r.getStdout()).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nhello-by-alias\n");
        }
    }

    @Test
    @DisplayName("withExtraHost lands in /etc/hosts; the container's address and aliases are in inspect")
    void extraHostAndAddress() throws Exception {
        try (Network net = Network.newNetwork();
                GenericContainer<?> c = sleeper().withNetwork(net).withNetworkAliases("svc")
                        .withExtraHost("db.example", "10.1.2.3")) {
            c.start();
            assertThat(c.execInContainer("cat", "/etc/hosts").getStdout()).containsPattern("10\\.1\\.2\\.3\\s+db\\.example");
            var endpoint = c.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next();
            assertThat(endpoint.getIpAddress()).isNotBlank();
            assertThat(endpoint.getAliases()).contains("svc");
            assertThat(c.execInContainer("ip", "-4", "addr", "show", "eth0").getStdout())
                    .contains(endpoint.getIpAddress() + "/");
        }
    }

    @Test
    @DisplayName("Wait.forHttp against busybox httpd; withCreateContainerCmdModifier (hostname); getContainerIpAddress")
    void httpWaitAndCmdModifier() throws Exception {
        try (GenericContainer<?> c = web("hello-http")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("modhost"))
                .waitingFor(Wait.forHttp("/").forPort(8080).forStatusCode(200)
                        .forResponsePredicate(body -> body.contains("hello-http"))
                        .withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.execInContainer("hostname").getStdout()).isEqualTo("modhost\n");
            assertThat(c.getContainerInfo().getConfig().getHostName()).isEqualTo("modhost");
            @SuppressWarnings("deprecation")
            String address = c.getContainerIpAddress();
            assertThat(address).isEqualTo(c.getHost());
            assertThat(get("http://" + address + ":" + c.getMappedPort(8080) + "/")).isEqualTo("hello-http\n");
        }
    }

    @Test
    @DisplayName("withStartupAttempts(2): a first attempt whose start fails is removed and a second one starts")
    void startupAttempts() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GenericContainer<?> c = sleeper().withStartupAttempts(2).withCreateContainerCmdModifier(cmd -> {
            String name = "tc-attempt-" + attempts.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
            names.add(name);
            cmd.withName(name);
            if (attempts.get() == 1) {
                cmd.withCmd("/no/such/binary"); // the engine refuses the start, as Docker does
            }
        })) {
            c.start();
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(c.getContainerInfo().getName()).isEqualTo("/" + names.get(1));
            assertThat(client.listContainersCmd().withShowAll(true).exec()).extracting(Container::getNames)
                    .noneMatch(n -> List.of(n).contains("/" + names.get(0)));
        }
    }

    @Test
    @DisplayName("withPrivilegedMode(true): the container may mount; an unprivileged one may not")
    void privilegedMode() throws Exception {
        try (GenericContainer<?> plain = sleeper(); GenericContainer<?> privileged = sleeper().withPrivilegedMode(true)) {
            plain.start();
            privileged.start();
            String mount = "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && grep ' /mnt/t ' /proc/mounts";
            ExecResult denied = plain.execInContainer("sh", "-c", mount);
            assertThat(denied.getExitCode()).isNotZero();
            ExecResult allowed = privileged.execInContainer("sh", "-c", mount);
            assertThat(allowed.getExitCode()).as(allowed.getStderr()).isZero();
            assertThat(allowed.getStdout()).contains("none /mnt/t tmpfs");
            assertThat(privileged.getContainerInfo().getHostConfig().getPrivileged()).isTrue();
        }
    }

    static String get(String url) throws Exception {
        var conn = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        conn.setConnectTimeout(5000);
        conn.setReadTimeout(5000);
        try (InputStream in = conn.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            conn.disconnect();
        }
    }
}
