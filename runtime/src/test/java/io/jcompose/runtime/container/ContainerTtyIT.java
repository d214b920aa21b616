package io.jcompose.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcompose.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TTY containers and execs (docker run -it, docker exec -it): a pty of the container's own devpts. */
@RequiresRoot
class ContainerTtyIT {
    @RegisterExtension
    final ContainerHarness h = new ContainerHarness();

    @Test
    void aTtyContainerHasAControllingTerminalInItsOwnDevpts() {
        var spec = h.sh("tty; test -t 0 && echo stdin-is-a-tty; readlink /proc/self/fd/1");
        spec = spec.withProcess(spec.process().withTty(true, false, false));
        var r = h.run(spec);
        assertThat(r.stdout()).isEqualTo("/dev/pts/0\r\nstdin-is-a-tty\r\n/dev/pts/0\r\n");
    }

    @Test
    void theConsoleSizeIsSetBeforeTheCommandRuns() throws Exception {
        var spec = h.sh("stty size");
        spec = spec.withProcess(spec.process().withTty(true, false, false).withConsoleSize(33, 111));
        assertThat(h.run(spec).stdout()).isEqualTo("33 111\r\n");

        var box = h.sh("exec sleep 300");
        h.start(box);
        var exec = h.runtime.exec(box.id(), ProcessSpec.of(List.of("stty", "size")).withTty(true, false, false)
                .withConsoleSize(21, 77));
        assertThat(attach(exec.attachSocket(), "")).isEqualTo("21 77\r\n");
    }

    @Test
    void anInteractiveShellReadsTheAttachedClient() throws Exception {
        var spec = h.sh("exec sh");
        spec = spec.withProcess(spec.process().withTty(true, true, true));
        h.start(spec);
        assertThat(attach(h.runtime.attachSocket(spec.id()), "echo $((6*7))\nexit 3\n")).contains("42\r\n");
        assertThat(h.runtime.awaitExit(spec.id(), Duration.ofSeconds(20)).orElseThrow().exitCode()).isEqualTo(3);
    }

    @Test
    void resizeSetsTheWindowSize() throws Exception {
        var spec = h.sh("trap 'exit 0' TERM; while true; do sleep 0.05; done");
        spec = spec.withProcess(spec.process().withTty(true, false, false));
        h.start(spec);
        h.runtime.resize(spec.id(), 40, 132);
        // the exec waits for a line, so the size is set before it asks for it
        var exec = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c", "read go; stty size")).withTty(true, true, true));
        h.runtime.resizeExec(spec.id(), exec.execId(), 25, 90);
        assertThat(attach(exec.attachSocket(), "go\n")).endsWith("25 90\r\n");
        var noTty = h.sh("exec sleep 300");
        h.start(noTty);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.runtime.resize(noTty.id(), 1, 1)).hasMessageEndingWith("no tty");
    }

    @Test
    void execWithATty() throws Exception {
        var spec = h.sh("exec sleep 300");
        h.start(spec);
        var exec = h.runtime.exec(spec.id(), ProcessSpec.of(List.of("sh", "-c", "tty")).withTty(true, false, false));
        assertThat(attach(exec.attachSocket(), "")).isEqualTo("/dev/pts/0\r\n");
        assertThat(h.runtime.awaitExec(spec.id(), exec.execId(), Duration.ofSeconds(20))).hasValue(0);
    }

    /** Connects to an attach socket, sends {@code input}, and reads everything until the process ends. */
    private static String attach(Path socket, String input) throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
