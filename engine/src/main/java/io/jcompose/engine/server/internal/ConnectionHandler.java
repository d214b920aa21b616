package io.jcompose.engine.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ExecutorService;

/**
 * Per connection: turns Netty's request parts into an {@link Exchange} handled on a worker thread, feeds the
 * body (or, once hijacked, raw stdin bytes) to it, and tells it when the client half-closes or goes away.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("io.jcompose.engine.server");
    private final Router router;
    private final ExecutorService workers;
    private Exchange current;
    /** Requests of one connection are answered in order, one after the other (HTTP/1.1 pipelining). */
    private java.util.concurrent.CompletableFuture<Void> previous = java.util.concurrent.CompletableFuture.completedFuture(null);

    ConnectionHandler(Router router, ExecutorService workers) {
        this.router = router;
        this.workers = workers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                if (!request.decoderResult().isSuccess()) {
                    LOG.log(System.Logger.Level.DEBUG, "bad request: {0}", request.decoderResult().cause());
                    ctx.close();
                    return;
                }
                Exchange ex = new Exchange(ctx.channel(), request);
                current = ex;
                previous = previous.thenRunAsync(() -> router.handle(ex), workers);
            }
            if (msg instanceof HttpContent content && current != null) {
                current.requestBody().feed(content.content());
                if (msg instanceof LastHttpContent) {
                    current.requestBody().end();
                }
            } else if (msg instanceof ByteBuf raw && current != null && current.hijackInput() != null) {
                current.hijackInput().feed(raw);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Exchange ex = current;
            if (ex != null && ex.hijackInput() != null) {
                ex.hijackInput().end();
            } else if (ex == null || ex.responded()) {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) {
            ex.closed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection error: " + cause, cause);
        ctx.close();
    }
}
