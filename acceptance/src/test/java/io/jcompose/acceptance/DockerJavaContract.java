package io.jcompose.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.jcompose.testing.images.TestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-java 3.5, unchanged, against the jcompose engine found through DOCKER_HOST. The same cases run over each
 * of docker-java's HTTP transports (a subclass per transport).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerJavaContract {
    TestEngine engine;
    DockerClient client;
    final List<String> created = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        engine = TestEngine.start();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(TestEngine.dockerHost()).build();
        client = DockerClientImpl.getInstance(config, transport(config.getDockerHost()));
        try (InputStream in = Files.newInputStream(engine.busyboxArchive())) {
            client.loadImageCmd(in).exec();
        }
    }

    /** The HTTP transport under test. */
    abstract DockerHttpClient transport(java.net.URI dockerHost);

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            try {
                client.removeContainerCmd(id).withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // removed by the test itself
            }
        }
        created.clear();
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

    private String create(String name, Map<String, String> labels, HostConfig host, String... cmd) {
        CreateContainerResponse r = client.createContainerCmd(TestImages.BUSYBOX).withName(name).withLabels(labels)
                .withHostConfig(host).withCmd(cmd).exec();
        created.add(r.getId());
        return r.getId();
    }

    /** Collects a frame stream as text, stdout and stderr apart. */
    static final class Frames extends ResultCallback.Adapter<Frame> {
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();

        @Override
        public void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? err : out)
                    .append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("ping, version (a Docker release number, as Testcontainers' start-up check wants), info")
    void system() {
        client.pingCmd().exec();
        Version v = client.versionCmd().exec();
        assertThat(v.getApiVersion()).isEqualTo("1.44");
        assertThat(v.getVersion()).matches("25\\.0\\.\\d+");
        assertThat(v.getOperatingSystem()).isEqualTo("linux");
        assertThat(v.getArch()).isNotBlank();
        Info info = client.infoCmd().exec();
        assertThat(info.getOsType()).isEqualTo("linux");
        assertThat(info.getImages()).isPositive();
    }

    @Test
    @DisplayName("create, start, logs (follow), exec (attached stdout/stderr, exit code), inspect, wait, remove")
    void lifecycle() throws Exception {
        String id = create("dj-life", Map.of("suite", "dj"), HostConfig.newHostConfig(), "sh", "-c",
                "echo one; i=0; while [ ! -e /tmp/go ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done;"
                        + " echo two; echo three >&2; exit 7");
        client.startContainerCmd(id).exec();

        Frames logs = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new Frames());
        await("the first log line", () -> logs.out.toString().equals("one\n"));

        InspectContainerResponse running = client.inspectContainerCmd(id).exec();
        assertThat(running.getState().getRunning()).isTrue();
        assertThat(running.getState().getPid()).isPositive();
        assertThat(running.getState().getStartedAt()).isNotBlank();
        assertThat(running.getName()).isEqualTo("/dj-life");
        assertThat(running.getConfig().getLabels()).containsEntry("suite", "dj");
        assertThat(running.getNetworkSettings()).isNotNull();

        var exec = client.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", "echo out; echo err >&2; touch /tmp/go; exit 4").exec();
        Frames execOut = client.execStartCmd(exec.getId()).exec(new Frames());
        assertThat(execOut.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(execOut.out.toString()).isEqualTo("out\n");
        assertThat(execOut.err.toString()).isEqualTo("err\n");
        assertThat(client.inspectExecCmd(exec.getId()).exec().getExitCodeLong()).isEqualTo(4L);

        Integer status = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(20, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(7);
        assertThat(logs.awaitCompletion(20, TimeUnit.SECONDS)).as("follow ends when the container exits").isTrue();
        assertThat(logs.out.toString()).isEqualTo("one\ntwo\n");
        assertThat(logs.err.toString()).isEqualTo("three\n");

        InspectContainerResponse exited = client.inspectContainerCmd(id).exec();
        assertThat(exited.getState().getRunning()).isFalse();
        assertThat(exited.getState().getExitCodeLong()).isEqualTo(7L);
        assertThat(exited.getState().getFinishedAt()).isNotBlank();

        client.removeContainerCmd(id).exec();
        assertThat(client.listContainersCmd().withShowAll(true).exec()).extracting(Container::getId)
                .doesNotContain(id);
    }

    @Test
    @DisplayName("stop a running container (SIGTERM, then SIGKILL after the timeout)")
    void stopContainer() throws Exception {
        String id = create("dj-stop", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        client.stopContainerCmd(id).withTimeout(2).exec();
        InspectContainerResponse s = client.inspectContainerCmd(id).exec();
        assertThat(s.getState().getRunning()).isFalse();
        assertThat(s.getState().getStatus()).isEqualTo("exited");
    }

    @Test
    @DisplayName("listContainers with a label filter, with and without showAll")
    void listByLabel() throws Exception {
        String a = create("dj-a", Map.of("team", "a"), HostConfig.newHostConfig(), "sleep", "300");
        String b = create("dj-b", Map.of("team", "b"), HostConfig.newHostConfig(), "sleep", "300");
        String a2 = create("dj-a2", Map.of("team", "a", "extra", "yes"), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(a).exec();
        client.startContainerCmd(b).exec();

        assertThat(client.listContainersCmd().withLabelFilter(Map.of("team", "a")).exec())
                .extracting(Container::getId).containsExactly(a);
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("team", "a")).exec())
                .extracting(Container::getId).containsExactlyInAnyOrder(a, a2);
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(List.of("extra")).exec())
                .extracting(Container::getId).containsExactly(a2);
        Container listed = client.listContainersCmd().withLabelFilter(Map.of("team", "b")).exec().get(0);
        assertThat(listed.getNames()).containsExactly("/dj-b");
        assertThat(listed.getState()).isEqualTo("running");
        assertThat(listed.getLabels()).containsEntry("team", "b");
    }

    @Test
    @DisplayName("a bind of a temp directory is read and written inside, and shows in inspect Mounts")
    void bind() throws Exception {
        Path dir = engine.newDir("dj-bind");
        Files.writeString(dir.resolve("in.txt"), "from the host\n");
        String id = create("dj-bind", Map.of(),
                HostConfig.newHostConfig().withBinds(new Bind(dir.toString(), new Volume("/work"))),
                "sh", "-c", "cat /work/in.txt > /work/out.txt; echo from the container >> /work/out.txt; sleep 300");
        client.startContainerCmd(id).exec();
        await("the container's write", () -> {
            try {
                return Files.readString(dir.resolve("out.txt")).endsWith("container\n");
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("from the host\nfrom the container\n");

        InspectContainerResponse i = client.inspectContainerCmd(id).exec();
        assertThat(i.getMounts()).singleElement().satisfies(m -> {
            assertThat(m.getSource()).isEqualTo(dir.toString());
            assertThat(m.getDestination().getPath()).isEqualTo("/work");
            assertThat(m.getRW()).isTrue();
        });
    }

    @Test
    @DisplayName("copyArchiveToContainer (a plain tar stream) and copyArchiveFromContainer")
    void copyArchives() throws Exception {
        String id = create("dj-copy", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();

        client.copyArchiveToContainerCmd(id).withTarInputStream(tarOf("up.txt", "uploaded\n"))
                .withRemotePath("/tmp").exec();
        var exec = client.execCreateCmd(id).withAttachStdout(true).withCmd("cat", "/tmp/up.txt").exec();
        Frames out = client.execStartCmd(exec.getId()).exec(new Frames());
        assertThat(out.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out.out.toString()).isEqualTo("uploaded\n");

        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                client.copyArchiveFromContainerCmd(id, "/etc/passwd").exec())) {
            TarArchiveEntry e = tar.getNextEntry();
            assertThat(e.getName()).isEqualTo("passwd");
            assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).startsWith("root:x:0:0:");
            assertThat(tar.getNextEntry()).isNull();
        }
    }

    @Test
    @DisplayName("copyArchiveToContainer withHostResource of a file and of a directory (docker-java sends gzip)")
    void copyHostResource() throws Exception {
        Path host = engine.newDir("dj-copy-gz-" + getClass().getSimpleName());
        Files.writeString(host.resolve("up.txt"), "uploaded\n");
        Path tree = Files.createDirectories(host.resolve("tree/sub"));
        Files.writeString(tree.resolve("deep.txt"), "deep\n");
        String id = create("dj-copy-gz", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        client.copyArchiveToContainerCmd(id).withHostResource(host.resolve("up.txt").toString())
                .withRemotePath("/tmp").exec();
        client.copyArchiveToContainerCmd(id).withHostResource(host.resolve("tree").toString())
                .withRemotePath("/").exec();
        client.copyArchiveToContainerCmd(id).withHostResource(host.resolve("tree").toString())
                .withDirChildrenOnly(true).withRemotePath("/tmp").exec();
        var exec = client.execCreateCmd(id).withAttachStdout(true)
                .withCmd("cat", "/tmp/up.txt", "/tree/sub/deep.txt", "/tmp/sub/deep.txt").exec();
        Frames out = client.execStartCmd(exec.getId()).exec(new Frames());
        assertThat(out.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out.out.toString()).isEqualTo("uploaded\ndeep\ndeep\n");
    }

    @Test
    @DisplayName("logs with since and until (epoch seconds) around the container's run")
    void logsSinceUntil() throws Exception {
        String id = create("dj-since", Map.of(), HostConfig.newHostConfig(), "sh", "-c", "echo one; echo two");
        client.startContainerCmd(id).exec();
        client.waitContainerCmd(id).start().awaitStatusCode(20, TimeUnit.SECONDS);
        int started = (int) java.time.Instant.parse(client.inspectContainerCmd(id).exec().getState().getStartedAt())
                .getEpochSecond();
        assertThat(logs(id, c -> c.withSince(0))).isEqualTo("one\ntwo\n");
        assertThat(logs(id, c -> c.withSince(started - 60))).isEqualTo("one\ntwo\n");
        assertThat(logs(id, c -> c.withSince(started + 3600))).isEmpty();
        assertThat(logs(id, c -> c.withUntil(started + 3600))).isEqualTo("one\ntwo\n");
        assertThat(logs(id, c -> c.withUntil(started - 60))).isEmpty();
    }

    private String logs(String id, java.util.function.UnaryOperator<com.github.dockerjava.api.command.LogContainerCmd> options)
            throws InterruptedException {
        Frames f = options.apply(client.logContainerCmd(id).withStdOut(true).withStdErr(true)).exec(new Frames());
        assertThat(f.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        return f.out.toString() + f.err;
    }

    @Test
    @DisplayName("inspectExecCmd: container, process config, exit code and pid of a finished exec")
    void inspectExec() throws Exception {
        String id = create("dj-inspect-exec", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        var exec = client.execCreateCmd(id).withAttachStdout(true).withUser("1000").withCmd("sh", "-c", "exit 6").exec();
        var before = client.inspectExecCmd(exec.getId()).exec();
        assertThat(before.isRunning()).isFalse();
        assertThat(before.getExitCodeLong()).isNull();
        Frames out = client.execStartCmd(exec.getId()).exec(new Frames());
        assertThat(out.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        var after = client.inspectExecCmd(exec.getId()).exec();
        assertThat(after.getId()).isEqualTo(exec.getId());
        assertThat(after.getContainerID()).isEqualTo(id);
        assertThat(after.isRunning()).isFalse();
        assertThat(after.getExitCodeLong()).isEqualTo(6L);
        assertThat(after.getPidLong()).isPositive();
        assertThat(after.getProcessConfig().getEntryPoint()).isEqualTo("sh");
        assertThat(after.getProcessConfig().getArguments()).containsExactly("-c", "exit 6");
        assertThat(after.getProcessConfig().getUser()).isEqualTo("1000");
    }

    @Test
    @DisplayName("pruneCmd(CONTAINERS) with a label filter removes the stopped containers it matches only")
    void pruneContainers() throws Exception {
        String gone = create("dj-prune-gone", Map.of("prune", "yes"), HostConfig.newHostConfig(), "true");
        String other = create("dj-prune-other", Map.of("prune", "no"), HostConfig.newHostConfig(), "true");
        String running = create("dj-prune-running", Map.of("prune", "yes"), HostConfig.newHostConfig(), "sleep", "300");
        for (String id : List.of(gone, other, running)) {
            client.startContainerCmd(id).exec();
        }
        for (String id : List.of(gone, other)) {
            client.waitContainerCmd(id).start().awaitStatusCode(20, TimeUnit.SECONDS);
        }
        var report = client.pruneCmd(PruneType.CONTAINERS).withLabelFilter("prune=yes").exec();
        assertThat(report.getSpaceReclaimed()).isNotNull().isNotNegative();
        assertThat(client.listContainersCmd().withShowAll(true).exec()).extracting(Container::getId)
                .contains(other, running).doesNotContain(gone);
    }

    @Test
    @DisplayName("StopSignal from create: stop sends it (the trap runs); list filters by status, name and ancestor")
    void stopSignalAndListFilters() throws Exception {
        CreateContainerResponse r = client.createContainerCmd(TestImages.BUSYBOX).withName("dj-stopsig")
                .withStopSignal("SIGUSR1").withCmd("sh", "-c", "trap 'echo got usr1; exit 9' USR1; echo ready; "
                        + "while true; do sleep 0.1; done").exec();
        created.add(r.getId());
        String done = create("dj-done", Map.of(), HostConfig.newHostConfig(), "true");
        client.startContainerCmd(done).exec();
        client.waitContainerCmd(done).start().awaitStatusCode(20, TimeUnit.SECONDS);
        client.startContainerCmd(r.getId()).exec();
        await("ready", () -> {
            Frames f = client.logContainerCmd(r.getId()).withStdOut(true).exec(new Frames());
            try {
                f.awaitCompletion(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return f.out.toString().contains("ready");
        });
        assertThat(client.listContainersCmd().withStatusFilter(List.of("exited")).withShowAll(true).exec())
                .extracting(Container::getId).contains(done).doesNotContain(r.getId());
        assertThat(client.listContainersCmd().withNameFilter(List.of("dj-stopsig")).exec())
                .extracting(Container::getId).containsExactly(r.getId());
        assertThat(client.listContainersCmd().withAncestorFilter(List.of(TestImages.BUSYBOX)).withShowAll(true).exec())
                .extracting(Container::getId).contains(r.getId(), done);
        client.stopContainerCmd(r.getId()).withTimeout(20).exec();
        assertThat(client.inspectContainerCmd(r.getId()).exec().getState().getExitCodeLong()).isEqualTo(9L);
    }

    /** An uncompressed tar holding one file. */
    static InputStream tarOf(String name, String content) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }

    @Test
    @DisplayName("stats, one shot")
    void statsOneShot() throws Exception {
        String id = create("dj-stats", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        List<Statistics> got = new CopyOnWriteArrayList<>();
        var cb = client.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                got.add(s);
            }
        });
        assertThat(cb.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasSize(1);
        Statistics s = got.get(0);
        assertThat(s.getRead()).isNotBlank();
        assertThat(s.getMemoryStats().getUsage()).isPositive();
        assertThat(s.getCpuStats().getCpuUsage().getTotalUsage()).isNotNull();
        assertThat(s.getPidsStats().getCurrent()).isPositive();
    }

    @Test
    @DisplayName("events stream: create, start, die of a container, filtered by its label")
    void events() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        var cb = client.eventsCmd().withLabelFilter(Map.of("events", "dj"))
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        seen.add(e);
                    }
                });
        try {
            cb.awaitStarted(10, TimeUnit.SECONDS);
            String id = create("dj-events", Map.of("events", "dj"), HostConfig.newHostConfig(), "true");
            client.startContainerCmd(id).exec();
            client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(20, TimeUnit.SECONDS);
            await("create, start and die events", () -> seen.stream().map(Event::getAction).toList()
                    .containsAll(List.of("create", "start", "die")));
            assertThat(seen).allSatisfy(e -> {
                assertThat(e.getId()).isEqualTo(id);
                assertThat(e.getType().getValue()).isEqualTo("container");
                assertThat(e.getActor().getAttributes()).containsEntry("events", "dj")
                        .containsEntry("name", "dj-events");
            });
            assertThat(seen.stream().map(Event::getAction).toList()).startsWith("create", "start");
        } finally {
            cb.close();
        }
    }

    @Test
    @DisplayName("Docker's status codes: 404 unknown container, 409 name conflict and rm of a running one, 304 start twice")
    void errors() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.inspectContainerCmd("no-such").exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
        String id = create("dj-err", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> client.createContainerCmd(TestImages.BUSYBOX).withName("dj-err").exec())
                .isInstanceOf(com.github.dockerjava.api.exception.ConflictException.class);
        client.startContainerCmd(id).exec();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.startContainerCmd(id).exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotModifiedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.removeContainerCmd(id).exec())
                .isInstanceOf(com.github.dockerjava.api.exception.ConflictException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> client.createContainerCmd("no-such-image:1").exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
    }

    @Test
    @DisplayName("kill with a signal, restart, pause/unpause, rename, top")
    void controls() throws Exception {
        String id = create("dj-ctl", Map.of(), HostConfig.newHostConfig(), "sh", "-c",
                "trap 'echo got-usr1' USR1; echo up; while true; do sleep 0.2; done");
        client.startContainerCmd(id).exec();
        Frames logs = client.logContainerCmd(id).withStdOut(true).withFollowStream(true).exec(new Frames());
        await("up", () -> logs.out.toString().contains("up\n"));
        client.killContainerCmd(id).withSignal("USR1").exec();
        await("the trap", () -> logs.out.toString().contains("got-usr1"));
        logs.close();

        var top = client.topContainerCmd(id).exec();
        assertThat(top.getTitles()).contains("PID");
        assertThat(top.getProcesses()).isNotEmpty();

        client.pauseContainerCmd(id).exec();
        assertThat(client.inspectContainerCmd(id).exec().getState().getPaused()).isTrue();
        client.unpauseContainerCmd(id).exec();
        assertThat(client.inspectContainerCmd(id).exec().getState().getPaused()).isFalse();

        String startedAt = client.inspectContainerCmd(id).exec().getState().getStartedAt();
        client.restartContainerCmd(id).withTimeout(1).exec();
        InspectContainerResponse r = client.inspectContainerCmd(id).exec();
        assertThat(r.getState().getRunning()).isTrue();
        assertThat(r.getState().getStartedAt()).isNotEqualTo(startedAt);

        client.renameContainerCmd(id).withName("dj-ctl2").exec();
        assertThat(client.inspectContainerCmd("dj-ctl2").exec().getId()).isEqualTo(id);

        client.killContainerCmd(id).exec();
        Integer status = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(20, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(137);
    }

    @Test
    @DisplayName("logs: tail, timestamps, stderr only")
    void logOptions() throws Exception {
        String id = create("dj-logs", Map.of(), HostConfig.newHostConfig(), "sh", "-c",
                "echo a; echo b; echo c; echo e >&2");
        client.startContainerCmd(id).exec();
        client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(20, TimeUnit.SECONDS);

        Frames tail = client.logContainerCmd(id).withStdOut(true).withTail(2).exec(new Frames());
        assertThat(tail.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.out.toString()).isEqualTo("b\nc\n");

        Frames err = client.logContainerCmd(id).withStdErr(true).exec(new Frames());
        assertThat(err.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(err.out.toString()).isEmpty();
        assertThat(err.err.toString()).isEqualTo("e\n");

        Frames ts = client.logContainerCmd(id).withStdOut(true).withTimestamps(true).withTail(1).exec(new Frames());
        assertThat(ts.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ts.out.toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z c\n");
    }

    @Test
    @DisplayName("attach: stdin goes in, stdout comes back")
    void attach() throws Exception {
        String id = client.createContainerCmd(TestImages.BUSYBOX).withName("dj-attach")
                .withCmd("sh", "-c", "read line; echo got:$line")
                .withAttachStdin(true).withStdinOpen(true).withStdInOnce(true).withAttachStdout(true).exec().getId();
        created.add(id);
        var in = new java.io.PipedOutputStream();
        var stdin = new java.io.PipedInputStream(in);
        Frames out = client.attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new Frames());
        out.awaitStarted(10, TimeUnit.SECONDS);
        client.startContainerCmd(id).exec();
        in.write("hello\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        await("the echo", () -> out.out.toString().contains("got:hello"));
        assertThat(client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(20, TimeUnit.SECONDS)).isZero();
        in.close();
        out.close();
    }

    @Test
    @DisplayName("exec with env, working dir, user and a tty")
    void execOptions() throws Exception {
        String id = create("dj-exec", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        var exec = client.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withEnv(List.of("X=1")).withWorkingDir("/tmp").withUser("1000:1000")
                .withCmd("sh", "-c", "echo $X $(pwd) $(id -u)").exec();
        Frames out = client.execStartCmd(exec.getId()).exec(new Frames());
        assertThat(out.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out.out.toString()).isEqualTo("1 /tmp 1000\n");

        var tty = client.execCreateCmd(id).withAttachStdout(true).withTty(true)
                .withCmd("sh", "-c", "test -t 1 && echo tty").exec();
        Frames tout = client.execStartCmd(tty.getId()).withTty(true).exec(new Frames());
        assertThat(tout.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(tout.out.toString()).isEqualTo("tty\r\n");
        var inspect = client.inspectExecCmd(tty.getId()).exec();
        assertThat(inspect.isRunning()).isFalse();
        assertThat(inspect.getExitCodeLong()).isZero();
    }

    @Test
    @DisplayName("create with env, working dir, user, entrypoint, hostname, Mounts (bind, tmpfs), read-only root")
    void createOptions() throws Exception {
        Path dir = engine.newDir("dj-mounts");
        Files.writeString(dir.resolve("f.txt"), "bound\n");
        var mounts = List.of(
                new com.github.dockerjava.api.model.Mount().withType(com.github.dockerjava.api.model.MountType.BIND)
                        .withSource(dir.toString()).withTarget("/m").withReadOnly(true),
                new com.github.dockerjava.api.model.Mount().withType(com.github.dockerjava.api.model.MountType.TMPFS)
                        .withTarget("/t").withTmpfsOptions(new com.github.dockerjava.api.model.TmpfsOptions()
                                .withSizeBytes(4L * 1024 * 1024)));
        String id = client.createContainerCmd(TestImages.BUSYBOX).withName("dj-opts")
                .withEnv("A=b").withWorkingDir("/tmp").withUser("1000").withHostName("box")
                .withEntrypoint("sh", "-c").withCmd("echo $A $(pwd) $(id -u) $(hostname) $(cat /m/f.txt);"
                        + " touch /t/x && echo tmpfs-ok; touch /m/no 2>/dev/null || echo ro-ok;"
                        + " touch /root-write 2>/dev/null || echo rootfs-ro")
                .withHostConfig(HostConfig.newHostConfig().withMounts(mounts).withReadonlyRootfs(true))
                .exec().getId();
        created.add(id);
        client.startContainerCmd(id).exec();
        assertThat(client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(20, TimeUnit.SECONDS)).isZero();
        Frames logs = client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new Frames());
        assertThat(logs.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
        assertThat(logs.out.toString()).isEqualTo("b /tmp 1000 box bound\ntmpfs-ok\nro-ok\nrootfs-ro\n");
        assertThat(client.inspectContainerCmd(id).exec().getMounts()).hasSize(2);
    }

    @Test
    @DisplayName("images: list, inspect, tag, remove the tag")
    void images() {
        assertThat(client.listImagesCmd().exec()).anySatisfy(i -> assertThat(i.getRepoTags()).contains(TestImages.BUSYBOX));
        var inspect = client.inspectImageCmd(TestImages.BUSYBOX).exec();
        assertThat(inspect.getId()).startsWith("sha256:");
        assertThat(inspect.getOs()).isEqualTo("linux");
        assertThat(inspect.getConfig().getCmd()).containsExactly("sh");
        client.tagImageCmd(TestImages.BUSYBOX, "jcompose-test/copy", "v1").exec();
        assertThat(client.inspectImageCmd("jcompose-test/copy:v1").exec().getId()).isEqualTo(inspect.getId());
        client.removeImageCmd("jcompose-test/copy:v1").exec();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.inspectImageCmd("jcompose-test/copy:v1").exec())
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
    }

    @Test
    @DisplayName("stats, streamed: two samples")
    void statsStream() throws Exception {
        String id = create("dj-stats2", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
        client.startContainerCmd(id).exec();
        List<Statistics> got = new CopyOnWriteArrayList<>();
        var cb = client.statsCmd(id).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                got.add(s);
            }
        });
        try {
            await("two samples", () -> got.size() >= 2);
            assertThat(got.get(1).getPreCpuStats().getCpuUsage()).isNotNull();
        } finally {
            cb.close();
        }
    }

    @Test
    @DisplayName("networks and volumes: list, inspect the default bridge")
    void networksAndVolumes() {
        assertThat(client.listNetworksCmd().exec()).extracting(com.github.dockerjava.api.model.Network::getName)
                .contains("bridge", "host", "none");
        assertThat(client.inspectNetworkCmd().withNetworkId("bridge").exec().getDriver()).isEqualTo("bridge");
        assertThat(client.listVolumesCmd().exec().getVolumes()).isNotNull();
    }

    @Test
    @DisplayName("the default bridge network reports its subnet and gateway (Testcontainers reads the gateway)")
    void bridgeIpam() {
        var bridge = client.inspectNetworkCmd().withNetworkId("bridge").exec();
        assertThat(bridge.getIpam().getConfig()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getGateway()).isNotBlank());
    }

    @Test
    @DisplayName("a port published on an ephemeral host port: inspect, list, and the host reaches the server")
    void publishedPorts() throws Exception {
        var port = com.github.dockerjava.api.model.ExposedPort.tcp(8080);
        var bindings = new com.github.dockerjava.api.model.Ports();
        bindings.bind(port, com.github.dockerjava.api.model.Ports.Binding.empty());
        String id = client.createContainerCmd(TestImages.BUSYBOX).withName("dj-ports").withExposedPorts(port)
                .withCmd("sh", "-c", "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www")
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings))
                .exec().getId();
        created.add(id);
        client.startContainerCmd(id).exec();
        var b = client.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(port);
        assertThat(b).isNotEmpty();
        int hostPort = Integer.parseInt(b[0].getHostPortSpec());
        assertThat(hostPort).isPositive();
        Container listed = client.listContainersCmd().withIdFilter(List.of(id)).exec().get(0);
        assertThat(listed.getPorts()).anySatisfy(p -> {
            assertThat(p.getPrivatePort()).isEqualTo(8080);
            assertThat(p.getPublicPort()).isEqualTo(hostPort);
            assertThat(p.getType()).isEqualTo("tcp");
        });
        String page = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (page == null && System.nanoTime() < deadline) {
            try (var s = new java.net.Socket("127.0.0.1", hostPort)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                page = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(page).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\npublished\n");
    }


    @Test
    @DisplayName("create a user network and connect a container with an alias")
    void userNetwork() throws Exception {
        String net = client.createNetworkCmd().withName("dj-net").exec().getId();
        try {
            String id = create("dj-net-c", Map.of(), HostConfig.newHostConfig(), "sleep", "300");
            client.connectToNetworkCmd().withNetworkId(net).withContainerId(id).exec();
            client.startContainerCmd(id).exec();
            var nets = client.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks();
            assertThat(nets).containsKey("dj-net");
            assertThat(nets.get("dj-net").getIpAddress()).isNotBlank();
            assertThat(client.inspectNetworkCmd().withNetworkId(net).exec().getContainers()).containsKey(id);
        } finally {
            removeContainers();
            client.removeNetworkCmd(net).exec();
        }
    }
}
