package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jcompose.runtime.cgroup.FakeCgroupDriver;
import io.jcompose.runtime.kernel.FakeKernel;
import io.jcompose.runtime.kernel.LaunchException;
import io.jcompose.runtime.kernel.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle logic against FakeKernel and FakeCgroupDriver: no root, no processes. */
class ContainerRuntimeTest {
    @TempDir
    Path tmp;
    FakeKernel kernel = new FakeKernel();
    FakeCgroupDriver cgroups;
    ContainerRuntime runtime;

    @BeforeEach
    void setUp() {
        cgroups = new FakeCgroupDriver(tmp.resolve("cgroup"));
        runtime = open();
    }

    ContainerRuntime open() {
        return ContainerRuntime.open(tmp.resolve("root"), tmp.resolve("s"), kernel, cgroups, Optional.empty());
    }

    ContainerSpec spec() {
        String id = Ids.random();
        return ContainerSpec.of(id, "web-1", List.of(tmp.resolve("layer")), ProcessSpec.of(List.of("sleep", "1")));
    }

    @Test
    void createWritesTheBundleAndStartLaunchesIntoItsCgroup() {
        var spec = spec();
        assertThat(runtime.create(spec).status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(runtime.dir(spec.id()).config()).exists();
        var s = runtime.start(spec.id());
        assertThat(s.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(s.pid()).isEqualTo(1000);
        assertThat(s.startedAt()).isPresent();
        assertThat(cgroups.names()).containsExactly("jcompose/" + spec.id());
        assertThat(kernel.launches().get(0).first("cgroup_procs"))
                .isEqualTo(tmp.resolve("cgroup/jcompose/" + spec.id() + "/cgroup.procs").toString());
    }

    @Test
    void stopSendsTheStopSignalAndCleansTheCgroup() {
        var spec = spec().withStopSignal("SIGINT");
        runtime.create(spec);
        runtime.start(spec.id());
        var s = runtime.stop(spec.id(), Duration.ofSeconds(5));
        assertThat(s.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(s.exitCode()).isEqualTo(130);
        assertThat(kernel.signals()).containsExactly(new FakeKernel.Sent(1000, Signal.parse("INT")));
        assertThat(cgroups.names()).isEmpty();
    }

    @Test
    void stopEscalatesToSigkillAfterTheGracePeriod() {
        var spec = spec();
        runtime.create(spec);
        runtime.start(spec.id());
        kernel.ignore(1000);
        assertThat(runtime.stop(spec.id(), Duration.ofMillis(20)).exitCode()).isEqualTo(137);
        assertThat(kernel.signals()).extracting(FakeKernel.Sent::signal).containsExactly(Signal.TERM, Signal.KILL);
    }

    @Test
    void aFailedStartLeavesTheContainerCreatedWithTheErrorAndNoCgroup() {
        var spec = spec();
        runtime.create(spec);
        kernel.failNextLaunch(new LaunchException("mount", 2, "ENOENT", "/src", "bind source: No such file or directory"));
        var e = catchThrowableOfType(() -> runtime.start(spec.id()), ContainerException.class);
        assertThat(e.kind()).isEqualTo(ContainerException.Kind.FAILED);
        assertThat(e).hasMessage("container \"web-1\" (" + spec.id().substring(0, 12)
                + "): mount /src: bind source: No such file or directory (ENOENT)");
        var s = runtime.inspect(spec.id());
        assertThat(s.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(s.error()).contains("bind source");
        assertThat(cgroups.names()).isEmpty();
    }

    @Test
    void removingARunningContainerNeedsForce() {
        var spec = spec();
        runtime.create(spec);
        runtime.start(spec.id());
        var e = catchThrowableOfType(() -> runtime.remove(spec.id(), false), ContainerException.class);
        assertThat(e.kind()).isEqualTo(ContainerException.Kind.CONFLICT);
        runtime.remove(spec.id(), true);
        assertThat(runtime.dir(spec.id()).dir()).doesNotExist();
        assertThat(runtime.list()).isEmpty();
        assertThat(catchThrowableOfType(() -> runtime.inspect(spec.id()), ContainerException.class).kind())
                .isEqualTo(ContainerException.Kind.NOT_FOUND);
    }

    @Test
    void aNewRuntimeSeesRunningAndExitedContainersFromDisk() {
        var a = spec();
        var b = spec();
        runtime.create(a);
        runtime.create(b);
        runtime.start(a.id());
        runtime.start(b.id());
        kernel.exit(1002, 3);
        var again = open();
        assertThat(again.inspect(a.id()).status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(again.inspect(b.id()).exitCode()).isEqualTo(3);
    }

    @Test
    void aVanishedShimIsRecordedAsExitCode255() {
        var spec = spec();
        runtime.create(spec);
        runtime.start(spec.id());
        kernel.vanish(1000);
        var s = open().inspect(spec.id());
        assertThat(s.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(s.exitCode()).isEqualTo(255);
    }

    @Test
    void pauseAndUnpauseFreezeTheCgroup() {
        var spec = spec();
        runtime.create(spec);
        runtime.start(spec.id());
        runtime.pause(spec.id());
        assertThat(cgroups.find("jcompose/" + spec.id()).orElseThrow().frozen()).isTrue();
        assertThat(runtime.inspect(spec.id()).status()).isEqualTo(ContainerStatus.PAUSED);
        runtime.unpause(spec.id());
        assertThat(runtime.inspect(spec.id()).status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void execJoinsThePid1OfTheContainer() {
        var spec = spec();
        runtime.create(spec);
        runtime.start(spec.id());
        var h = runtime.exec(spec.id(), ProcessSpec.of(List.of("ps")));
        var launch = kernel.launches().get(1);
        assertThat(launch.first("mode")).isEqualTo("exec");
        assertThat(launch.first("target_pid")).isEqualTo("1000");
        assertThat(runtime.execState(spec.id(), h.execId()).running()).isTrue();
        kernel.exit(h.pid(), 0);
        assertThat(runtime.awaitExec(spec.id(), h.execId(), Duration.ofSeconds(1))).hasValue(0);
    }

    @Test
    void halfCreatedDirectoriesAreRemovedOnOpen() throws Exception {
        Files.createDirectories(tmp.resolve("root/containers/.tmp-abc/upper"));
        open();
        assertThat(tmp.resolve("root/containers/.tmp-abc")).doesNotExist();
    }
}
