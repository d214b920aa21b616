package io.jcompose.runtime.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads a shim's attach socket to the end: demultiplexes stdout and stderr frames. */
final class AttachClient {
    final StringBuilder stdout = new StringBuilder();
    final StringBuilder stderr = new StringBuilder();

    static AttachClient readAll(Path socket, byte[] input) throws IOException {
        AttachClient c = new AttachClient();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            if (input.length > 0) {
                ch.write(ByteBuffer.wrap(input));
            }
            ch.shutdownOutput();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            byte[] b = all.toByteArray();
            for (int i = 0; i + 8 <= b.length;) {
                int len = ByteBuffer.wrap(b, i + 4, 4).getInt();
                String text = new String(b, i + 8, len, StandardCharsets.UTF_8);
                (b[i] == 2 ? c.stderr : c.stdout).append(text);
                i += 8 + len;
            }
        }
        return c;
    }
}
