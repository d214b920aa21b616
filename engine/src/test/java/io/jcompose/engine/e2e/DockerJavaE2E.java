package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ChangeLog;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** docker-java (a second real client, with its own HTTP stack) against the jcompose engine. */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerJavaE2E {
    EngineProcess engine;
    DockerClient client;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.start();
        engine.loadBusybox();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + engine.socket).build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(30)).build());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    /** Collects a frame stream as text. */
    static final class Collect extends ResultCallback.Adapter<Frame> {
        final StringBuilder text = new StringBuilder();

        @Override
        public void onNext(Frame frame) {
            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("create, start, logs, exec, inspect, remove, with a bind of a temp directory read and written")
    void lifecycleWithBind() throws Exception {
        Path dir = Files.createDirectories(engine.dir.resolve("dj-bind"));
        Files.writeString(dir.resolve("in.txt"), "from the host\n");
        CreateContainerResponse created = client.createContainerCmd(TestImages.BUSYBOX)
                .withName("dj")
                .withCmd("sh", "-c", "echo from the container > /work/out.txt; cat /work/in.txt; sleep 60")
                .withLabels(java.util.Map.of("client", "docker-java"))
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(dir.toString(), new Volume("/work"))))
                .exec();
        try {
            client.startContainerCmd(created.getId()).exec();

            Collect logs = new Collect();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!logs.text.toString().contains("from the host") && System.nanoTime() < deadline) {
                logs = new Collect();
                client.logContainerCmd(created.getId()).withStdOut(true).withStdErr(true).exec(logs)
                        .awaitCompletion(10, TimeUnit.SECONDS);
            }
            assertThat(logs.text.toString()).isEqualTo("from the host\n");
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("from the container\n");

            ExecCreateCmdResponse exec = client.execCreateCmd(created.getId()).withAttachStdout(true)
                    .withAttachStderr(true).withCmd("cat", "/work/out.txt").exec();
            Collect out = new Collect();
            client.execStartCmd(exec.getId()).exec(out).awaitCompletion(20, TimeUnit.SECONDS);
            assertThat(out.text.toString()).isEqualTo("from the container\n");
            assertThat(client.inspectExecCmd(exec.getId()).exec().getExitCodeLong()).isEqualTo(0L);

            InspectContainerResponse inspect = client.inspectContainerCmd("dj").exec();
            assertThat(inspect.getState().getRunning()).isTrue();
            assertThat(inspect.getName()).isEqualTo("/dj");
            assertThat(inspect.getConfig().getLabels()).containsEntry("client", "docker-java");
            assertThat(inspect.getMounts()).hasSize(1);
            assertThat(inspect.getMounts().get(0).getSource()).isEqualTo(dir.toString());
            assertThat(inspect.getMounts().get(0).getDestination().getPath()).isEqualTo("/work");
            assertThat(inspect.getMounts().get(0).getRW()).isTrue();
            assertThat(client.listContainersCmd().withLabelFilter(java.util.Map.of("client", "docker-java")).exec())
                    .hasSize(1);
        } finally {
            client.removeContainerCmd(created.getId()).withForce(true).exec();
        }
        assertThat(client.listContainersCmd().withShowAll(true).exec()).isEmpty();
    }

    private String execText(String id, String... cmd) throws InterruptedException {
        ExecCreateCmdResponse exec = client.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withCmd(cmd).exec();
        Collect out = new Collect();
        client.execStartCmd(exec.getId()).exec(out).awaitCompletion(20, TimeUnit.SECONDS);
        return out.text.toString();
    }

    @Test
    @DisplayName("withUlimits reaches the process; updateContainerCmd changes the cgroup and inspect; containerDiffCmd lists the changes")
    void ulimitsUpdateAndDiff() throws Exception {
        CreateContainerResponse created = client.createContainerCmd(TestImages.BUSYBOX)
                .withName("dj-res")
                .withCmd("sleep", "600")
                .withHostConfig(HostConfig.newHostConfig().withUlimits(new Ulimit[] {new Ulimit("nofile", 512L, 512L)}))
                .exec();
        try {
            client.startContainerCmd(created.getId()).exec();
            assertThat(execText(created.getId(), "sh", "-c", "ulimit -n")).isEqualTo("512\n");
            assertThat(client.inspectContainerCmd(created.getId()).exec().getHostConfig().getUlimits())
                    .extracting(Ulimit::getName, Ulimit::getSoftLong, Ulimit::getHardLong)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("nofile", 512L, 512L));

            var updated = client.updateContainerCmd(created.getId()).withMemory(64L << 20).withMemorySwap(128L << 20)
                    .withCpuQuota(50_000L).withCpuPeriod(100_000L).exec();
            assertThat(updated.getWarnings()).isEmpty();
            assertThat(execText(created.getId(), "sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                    + " cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu,*/cpu.cfs_quota_us"))
                    .isEqualTo("67108864\n50000\n");
            HostConfig h = client.inspectContainerCmd(created.getId()).exec().getHostConfig();
            assertThat(h.getMemory()).isEqualTo(64L << 20);
            assertThat(h.getCpuQuota()).isEqualTo(50_000L);

            execText(created.getId(), "sh", "-c", "touch /tmp/from-dj; rm /etc/group");
            assertThat(client.containerDiffCmd(created.getId()).exec())
                    .extracting(ChangeLog::getPath, ChangeLog::getKind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("/etc", 0),
                            org.assertj.core.groups.Tuple.tuple("/etc/group", 2),
                            org.assertj.core.groups.Tuple.tuple("/tmp", 0),
                            org.assertj.core.groups.Tuple.tuple("/tmp/from-dj", 1));
        } finally {
            client.removeContainerCmd(created.getId()).withForce(true).exec();
        }
    }

    @Test
    @DisplayName("commitCmd with a body config, message and author: inspectImageCmd shows them and the image runs the new Cmd")
    void commit() throws Exception {
        CreateContainerResponse created = client.createContainerCmd(TestImages.BUSYBOX).withName("dj-commit")
                .withCmd("sleep", "600").exec();
        String imageId;
        try {
            client.startContainerCmd(created.getId()).exec();
            execText(created.getId(), "sh", "-c", "echo from docker-java > /dj.txt");
            imageId = client.commitCmd(created.getId()).withRepository("jcompose-test/dj").withTag("c1")
                    .withMessage("dj msg").withAuthor("dj author").withCmd("cat", "/dj.txt")
                    .withLabels(java.util.Map.of("from", "docker-java")).exec();
        } finally {
            client.removeContainerCmd(created.getId()).withForce(true).exec();
        }
        try {
            var image = client.inspectImageCmd("jcompose-test/dj:c1").exec();
            assertThat(image.getId()).isEqualTo(imageId);
            assertThat(image.getConfig().getCmd()).containsExactly("cat", "/dj.txt");
            assertThat(image.getConfig().getLabels()).containsEntry("from", "docker-java");
            assertThat(image.getComment()).isEqualTo("dj msg");
            assertThat(image.getAuthor()).isEqualTo("dj author");
            assertThat(image.getContainer()).isEqualTo(created.getId());
            CreateContainerResponse run = client.createContainerCmd("jcompose-test/dj:c1").exec();
            try {
                client.startContainerCmd(run.getId()).exec();
                assertThat(client.waitContainerCmd(run.getId()).start().awaitStatusCode(30, TimeUnit.SECONDS)).isZero();
                Collect logs = new Collect();
                client.logContainerCmd(run.getId()).withStdOut(true).exec(logs).awaitCompletion(10, TimeUnit.SECONDS);
                assertThat(logs.text.toString()).isEqualTo("from docker-java\n");
            } finally {
                client.removeContainerCmd(run.getId()).withForce(true).exec();
            }
        } finally {
            client.removeImageCmd("jcompose-test/dj:c1").exec();
        }
    }
}
