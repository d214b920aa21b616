package io.jcompose.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConnectorTest {
    @TempDir
    Path dir;
    private ServerSocketChannel listening;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() throws IOException {
        if (listening != null) {
            listening.close();
        }
    }

    private void listen(Path socket) throws IOException {
        listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listening.bind(UnixDomainSocketAddress.of(socket));
    }

    private String said() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsTheEngineWhenNothingAnswersAndSaysSoOnce() throws IOException {
        Path socket = dir.resolve("e.sock");
        AtomicInteger starts = new AtomicInteger();
        var connector = new EngineConnector(socket, s -> {
            starts.incrementAndGet();
            listen(s);
        }, new PrintStream(err, true, StandardCharsets.UTF_8));

        connector.connect();
        connector.connect();

        assertThat(starts).hasValue(1);
        assertThat(said()).isEqualTo("jcompose: the engine was not running; started it on unix://" + socket
                + System.lineSeparator());
    }

    @Test
    void aRunningEngineIsUsedSilently() throws IOException {
        Path socket = dir.resolve("e.sock");
        listen(socket);
        var connector = new EngineConnector(socket, s -> {
            throw new AssertionError("must not start a second engine");
        }, new PrintStream(err, true, StandardCharsets.UTF_8));

        connector.connect();

        assertThat(said()).isEmpty();
    }

    @Test
    void aMissingScriptIsAClearError() {
        Path socket = dir.resolve("e.sock");
        var connector = new EngineConnector(socket, new ScriptStarter(dir), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThatThrownBy(connector::connect).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot start the jcompose engine: " + dir.resolve("jcompose") + " is missing");
    }
}
