package io.jcompose.engine.server;

import io.jcompose.engine.api.Engine;
import io.jcompose.engine.server.internal.Routes;
import io.jcompose.engine.server.internal.ServerChannels;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an {@link Engine} as the Docker Engine API on a unix domain socket (Netty, epoll). The socket is
 * created 0660 and owned by root's group, so only root (and that group) can drive the engine.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.jcompose.engine.server");
    private final Path socket;
    private final EventLoopGroup boss;
    private final EventLoopGroup loop;
    private final ExecutorService workers;
    private final Channel channel;

    private ApiServer(Path socket, EventLoopGroup boss, EventLoopGroup loop, ExecutorService workers, Channel channel) {
        this.socket = socket;
        this.boss = boss;
        this.loop = loop;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Listens on {@code socket}. A stale socket file (nobody answers) is replaced; a live one is an error, so two
     * engines never share one state directory by accident.
     */
    public static ApiServer start(Path socket, Engine engine) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new IOException("another engine is already listening on " + socket);
            }
            Files.delete(socket);
        }
        ExecutorService workers = Executors.newCachedThreadPool(named("engine-api"));
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, named("engine-accept"), EpollIoHandler.newFactory());
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(2, named("engine-io"), EpollIoHandler.newFactory());
        var router = Routes.of(engine, workers);
        try {
            ServerBootstrap b = new ServerBootstrap().group(boss, loop).channel(EpollServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ServerChannels.init(ch, router, workers);
                        }
                    });
            Channel ch = b.bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            LOG.log(System.Logger.Level.INFO, "API listening on unix://{0}", socket);
            return new ApiServer(socket, boss, loop, workers, ch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            boss.shutdownGracefully();
            loop.shutdownGracefully();
            workers.shutdownNow();
            throw new IOException("interrupted while binding " + socket);
        } catch (RuntimeException e) {
            boss.shutdownGracefully();
            loop.shutdownGracefully();
            workers.shutdownNow();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Whether something accepts connections on {@code socket}. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public Path socket() {
        return socket;
    }

    /** Stops listening, closes connections, removes the socket file. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove socket {0}: {1}", socket, e.getMessage());
        }
    }
}
