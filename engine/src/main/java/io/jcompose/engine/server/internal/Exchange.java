package io.jcompose.engine.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jcompose.engine.api.EngineException;
import io.jcompose.engine.api.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, handled on a worker thread: the parsed target, the body as a blocking stream,
 * and ways to answer (JSON, empty, a chunked stream, or a hijacked raw connection).
 */
public final class Exchange {
    /** The API version advertised in every response. */
    public static final String API_VERSION = "1.44";

    private final Channel channel;
    private final HttpRequest request;
    private final QueryStringDecoder target;
    private final InboundStream body;
    private final boolean keepAlive;
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private volatile boolean responded;
    private volatile boolean closed;
    private volatile InboundStream hijackInput;
    private String path;

    Exchange(Channel channel, HttpRequest request) {
        this.channel = channel;
        this.request = request;
        this.target = new QueryStringDecoder(request.uri());
        this.body = new InboundStream(channel);
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.path = target.path();
    }

    public String method() {
        return request.method().name();
    }

    /** The path without its {@code /v1.NN} prefix. */
    public String path() {
        return path;
    }

    void path(String unversioned) {
        this.path = unversioned;
    }

    public String header(String name) {
        String v = request.headers().get(name);
        return v == null ? "" : v;
    }

    /** The first value of query parameter {@code name}, "" when absent. */
    public String query(String name) {
        List<String> v = target.parameters().get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    public List<String> queryAll(String name) {
        return target.parameters().getOrDefault(name, List.of());
    }

    public boolean hasQuery(String name) {
        return target.parameters().containsKey(name);
    }

    /** A boolean parameter as Docker reads it: absent, "", "0", "false" are false. */
    public boolean flag(String name) {
        String v = query(name).toLowerCase();
        return !(v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("no"));
    }

    /** An integer parameter; absent gives {@code dflt}, junk is a 400 naming it. */
    public int intQuery(String name, int dflt) {
        String v = query(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new EngineException.BadRequest("invalid value for " + name + ": \"" + v + "\"");
        }
    }

    public InputStream body() {
        return body;
    }

    InboundStream requestBody() {
        return body;
    }

    InboundStream hijackInput() {
        return hijackInput;
    }

    /** The body as JSON; an empty body is an empty object. */
    public JsonNode jsonBody() {
        try {
            byte[] bytes = body.readAllBytes();
            if (bytes.length == 0) {
                return Json.api().createObjectNode();
            }
            return Json.api().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new EngineException.BadRequest("invalid JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EngineException(400, "reading the request body failed: " + e.getMessage());
        }
    }

    /** Runs {@code action} when the client goes away (ends follow streams, waits). */
    public void onClose(Runnable action) {
        onClose.add(action);
        if (closed) {
            action.run();
        }
    }

    boolean responded() {
        return responded;
    }

    void closed() {
        closed = true;
        body.end();
        InboundStream in = hijackInput;
        if (in != null) {
            in.end();
        }
        onClose.forEach(Runnable::run);
    }

    public boolean isClosed() {
        return closed;
    }

    private void decorate(HttpHeaders h) {
        h.set("Api-Version", API_VERSION);
        h.set("Docker-Experimental", "false");
        h.set("Ostype", "linux");
        h.set(HttpHeaderNames.SERVER, "jcompose-engine");
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, "close");
        }
    }

    private void finish(ChannelFuture f) {
        if (!keepAlive) {
            f.addListener(done -> body.discardRest(channel::close));
        } else {
            body.discardRest(() -> { });
        }
    }

    /** Answers with {@code value} as Docker-API JSON. */
    public void json(int status, Object value) {
        try {
            byte[] bytes = Json.api().writeValueAsBytes(value);
            bytes(status, "application/json", bytes, Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode answer", e);
        }
    }

    /** Answers with a body and headers. */
    public void bytes(int status, String contentType, byte[] bytes, Map<String, String> headers) {
        responded = true;
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        decorate(r.headers());
        if (!contentType.isEmpty()) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        headers.forEach((k, v) -> r.headers().set(k, v));
        HttpUtil.setContentLength(r, bytes.length);
        finish(channel.writeAndFlush(r));
    }

    /** Answers without a body (204, 304, or 200 with Content-Length 0). */
    public void empty(int status) {
        empty(status, Map.of());
    }

    public void empty(int status, Map<String, String> headers) {
        bytes(status, "", new byte[0], headers);
    }

    /** Text answers like {@code /_ping}'s "OK". */
    public void text(int status, String text) {
        bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Docker's error body. */
    public void error(int status, String message) {
        json(status, Map.of("message", message));
    }

    /** Starts a chunked answer; each write is sent at once; closing ends it. */
    public OutputStream stream(int status, String contentType, Map<String, String> headers) {
        responded = true;
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        decorate(r.headers());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach((k, v) -> r.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(r, true);
        channel.writeAndFlush(r);
        return new Output(false);
    }

    /**
     * Takes the connection over for raw bytes both ways (attach, exec start): answers 101 UPGRADED when the
     * client asked to upgrade, else 200, then leaves HTTP behind.
     */
    public Hijack hijack(String contentType) {
        responded = true;
        boolean upgrade = header("Upgrade").equalsIgnoreCase("tcp") || header("Connection").toLowerCase().contains("upgrade");
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                upgrade ? new HttpResponseStatus(101, "UPGRADED") : HttpResponseStatus.OK);
        r.headers().set("Api-Version", API_VERSION);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (upgrade) {
            r.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
            r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        InboundStream in = new InboundStream(channel);
        hijackInput = in;
        try {
            channel.eventLoop().submit(() -> {
                channel.writeAndFlush(r);
                if (channel.pipeline().get("http") != null) {
                    channel.pipeline().remove("http");
                }
            }).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(500, "interrupted while hijacking");
        }
        if (closed) {
            in.end();
        }
        return new Hijack(in, new Output(true));
    }

    /** How long a hijacked connection waits for the client to hang up after its output ended. */
    private static final long HANGUP_WAIT_SECONDS = 5;

    /**
     * Ends a hijacked connection once its output is out: half-closes it, so the client reads all of it and then
     * EOF, and closes it when the client hangs up (or after {@link #HANGUP_WAIT_SECONDS}), dropping what the client
     * still sends meanwhile. Closing at once resets a unix socket that has unread input (a key the docker CLI sent
     * from the terminal as the exec ended), and the client reads "connection reset by peer" instead of EOF.
     */
    private void endHijacked() {
        InboundStream in = hijackInput;
        if (!(channel instanceof DuplexChannel duplex) || in == null) {
            channel.close();
            return;
        }
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
                return;
            }
            channel.eventLoop().schedule(() -> channel.close(), HANGUP_WAIT_SECONDS, TimeUnit.SECONDS);
            in.discardRest(channel::close);
        });
    }

    /** The two directions of a hijacked connection; closing the output closes the connection. */
    public record Hijack(InputStream in, OutputStream out) {}

    /** Writes to the channel from a worker thread, waiting when the socket is full. */
    private final class Output extends OutputStream {
        private final boolean raw;
        private boolean done;

        Output(boolean raw) {
            this.raw = raw;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("client went away");
            }
            if (len == 0) {
                return;
            }
            var buf = Unpooled.copiedBuffer(b, off, len);
            ChannelFuture f = channel.writeAndFlush(raw ? buf : new DefaultHttpContent(buf));
            if (!channel.isWritable()) {
                f.awaitUninterruptibly();
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (raw) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> endHijacked());
            } else if (!closed) {
                finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            }
        }
    }
}
