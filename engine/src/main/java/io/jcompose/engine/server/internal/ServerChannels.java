package io.jcompose.engine.server.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.ExecutorService;

/** The pipeline of one connection: the HTTP codec (named "http", removed on hijack) and the handler. */
public final class ServerChannels {
    private ServerChannels() {}

    public static void init(Channel ch, Router router, ExecutorService workers) {
        ch.pipeline().addLast("http", new HttpServerCodec());
        ch.pipeline().addLast("api", new ConnectionHandler(router, workers));
    }
}
