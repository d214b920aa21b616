package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import io.jcompose.testing.images.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The real docker CLI against a jcompose engine of the test class's own (a child process on a socket and state
 * directory of its own, the busybox test image loaded), and the helpers the CLI tests share.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerCliBase {
    EngineProcess engine;
    Docker docker;
    final String image = TestImages.BUSYBOX;

    @BeforeAll
    void startEngine() throws Exception {
        engine = EngineProcess.start();
        docker = new Docker(engine.socket);
        engine.loadBusybox();
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    /** {@code docker ARGS}, which must succeed; a failure shows its output and the end of the engine's log. */
    Docker.Result ok(String... args) {
        Docker.Result r = docker.run(args);
        assertThat(r.code()).as("docker %s: %s\nengine log:\n%s", String.join(" ", args), r.text(),
                r.code() == 0 ? "" : tail(engine.logText())).isZero();
        return r;
    }

    /** {@code docker ARGS}, which must fail. */
    Docker.Result fails(String... args) {
        Docker.Result r = docker.run(args);
        assertThat(r.code()).as("docker %s: %s", String.join(" ", args), r.text()).isNotZero();
        return r;
    }

    static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
