package io.jcompose.engine.api.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange over a unix domain socket ({@code Connection: close}, so one request per connection).
 * Reads and writes go straight to the {@link SocketChannel}, never through {@code Channels.newInputStream},
 * whose streams share a lock and would deadlock a hijacked, full-duplex connection.
 */
final class UnixHttpConnection implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private UnixHttpConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(new ChannelIn(channel), 16 * 1024);
        this.out = new ChannelOut(channel);
    }

    static UnixHttpConnection open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new UnixHttpConnection(ch);
    }

    /** Writes the request line and headers. */
    void sendHead(String method, String target, Map<String, String> headers) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: docker\r\n");
        sb.append("User-Agent: jcompose\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    OutputStream out() {
        return out;
    }

    /** Reads the status line and headers; the body is framed by Content-Length, chunks, or the end of stream. */
    Response readResponse(boolean head) throws IOException {
        String status = readLine();
        while (status.isEmpty()) {
            status = readLine();
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: \"" + status + "\"");
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        InputStream body;
        if (head || code == 204 || code == 304) {
            body = InputStream.nullInputStream();
        } else if (code == 101) {
            body = in;
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", ""))) {
            body = new ChunkedInputStream(in);
        } else if (headers.containsKey("Content-Length")) {
            body = new BoundedInputStream(in, Long.parseLong(headers.get("Content-Length")));
        } else {
            body = in;
        }
        return new Response(code, headers, body);
    }

    /** The raw socket stream after a hijack. */
    InputStream rawIn() {
        return in;
    }

    /** Half-closes: the peer sees EOF on its read side (stdin EOF on a hijacked connection). */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("HTTP header line too long");
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed by the engine");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket: nothing left to do
        }
    }

    /** A response: status, headers (case-insensitive), body. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private static final class ChannelIn extends InputStream {
        private final SocketChannel ch;

        ChannelIn(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, len));
            return n;
        }
    }

    private static final class ChannelOut extends OutputStream {
        private final SocketChannel ch;

        ChannelOut(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
