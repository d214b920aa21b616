package io.jcompose.network.internal;

import io.jcompose.network.Cidr;
import io.jcompose.network.NetworkException;
import io.jcompose.network.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Holds one published host port and carries what arrives on it to the container. Binding the
 * socket is what reserves the port: a port in use fails here, before any rule exists, and port 0
 * lets the kernel pick an ephemeral port atomically. Where NAT rules exist they take the traffic
 * before it reaches this socket; the proxy carries what they do not (IPv6, hosts without iptables).
 */
public final class PortProxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PortProxy.class.getName());
    private static final int BUFFER = 256 * 1024;
    private static final int MAX_UDP_PEERS = 1024;
    private static final long UDP_IDLE_MILLIS = 60_000;

    private final Protocol protocol;
    private final NetworkChannel channel;
    private final Supplier<Optional<InetSocketAddress>> target;
    private final Map<SocketAddress, UdpPeer> peers = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Thread loop;
    private long lastSweep = System.currentTimeMillis();

    private PortProxy(Protocol protocol, NetworkChannel channel, Supplier<Optional<InetSocketAddress>> target) {
        this.protocol = protocol;
        this.channel = channel;
        this.target = target;
    }

    /**
     * Binds {@code hostIp:hostPort} ({@code 0.0.0.0} or {@code ::} = every address, port 0 =
     * ephemeral) and starts carrying traffic to {@code target}.
     *
     * @throws NetworkException of kind CONFLICT naming the port when it is in use
     */
    public static PortProxy bind(String hostIp, int hostPort, Protocol protocol,
                                 Supplier<Optional<InetSocketAddress>> target) {
        InetSocketAddress local = wildcard(hostIp) ? new InetSocketAddress(hostPort)
                : new InetSocketAddress(Cidr.parseAddress(hostIp), hostPort);
        NetworkChannel ch = null;
        try {
            if (protocol == Protocol.TCP) {
                ServerSocketChannel s = ServerSocketChannel.open();
                ch = s;
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                s.bind(local, 512);
            } else {
                DatagramChannel d = DatagramChannel.open();
                ch = d;
                d.bind(local);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            String where = (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":" + hostPort;
            if (e instanceof BindException) {
                String why = e.getMessage() != null && e.getMessage().contains("assign")
                        ? "is not an address of this host" : "is already in use";
                throw new NetworkException(NetworkException.Kind.CONFLICT, "port " + hostPort + "/"
                        + protocol.text() + " on " + (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + " "
                        + why, e);
            }
            throw new NetworkException(NetworkException.Kind.HOST, "cannot bind " + where + "/" + protocol.text()
                    + ": " + e.getMessage(), e);
        }
        PortProxy p = new PortProxy(protocol, ch, target);
        Thread t = new Thread(protocol == Protocol.TCP ? p::acceptLoop : p::udpLoop,
                "port-" + p.port() + "-" + protocol.text());
        t.setDaemon(true);
        p.loop = t;
        t.start();
        return p;
    }

    static boolean wildcard(String hostIp) {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /** The bound host port (the chosen one when 0 was asked for). */
    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    private void acceptLoop() {
        ServerSocketChannel server = (ServerSocketChannel) channel;
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "port " + port() + ": accept failed: " + e.getMessage());
                }
                return;
            }
            Thread t = new Thread(() -> splice(client), "port-" + port() + "-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void splice(SocketChannel client) {
        Optional<InetSocketAddress> to = target.get();
        if (to.isEmpty()) {
            closeQuietly(client);
            return;
        }
        SocketChannel upstream;
        try {
            upstream = SocketChannel.open();
            upstream.socket().connect(to.get(), 5_000);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        Thread back = new Thread(() -> pump(upstream, client), "port-" + port() + "-back");
        back.setDaemon(true);
        back.start();
        pump(client, upstream);
    }

    /** Copies until EOF, then half-closes the other side; closes both when both directions end. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
            to.shutdownOutput();
            if (!from.socket().isOutputShutdown() && from.isOpen()) {
                return;
            }
        } catch (IOException e) {
            // a reset on either side ends the connection
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private void udpLoop() {
        DatagramChannel d = (DatagramChannel) channel;
        ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
        while (!closed) {
            try {
                buf.clear();
                SocketAddress from = d.receive(buf);
                buf.flip();
                Optional<InetSocketAddress> to = target.get();
                if (to.isEmpty()) {
                    continue;
                }
                UdpPeer peer = peers.get(from);
                if (peer == null) {
                    long now = System.currentTimeMillis();
                    if (peers.size() >= MAX_UDP_PEERS || now - lastSweep > UDP_IDLE_MILLIS) {
                        lastSweep = now;
                        expirePeers();
                        if (peers.size() >= MAX_UDP_PEERS) {
                            continue;
                        }
                    }
                    peer = new UdpPeer(from, to.get());
                    peers.put(from, peer);
                }
                peer.lastUsed = System.currentTimeMillis();
                peer.channel.write(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void expirePeers() {
        long now = System.currentTimeMillis();
        peers.values().removeIf(p -> {
            if (now - p.lastUsed > UDP_IDLE_MILLIS) {
                closeQuietly(p.channel);
                return true;
            }
            return false;
        });
    }

    /** One UDP client: a connected socket towards the container and a thread relaying answers. */
    private final class UdpPeer {
        final DatagramChannel channel;
        volatile long lastUsed = System.currentTimeMillis();

        UdpPeer(SocketAddress client, InetSocketAddress to) throws IOException {
            channel = DatagramChannel.open();
            channel.connect(to);
            Thread t = new Thread(() -> relay(client), "port-" + port() + "-udp-peer");
            t.setDaemon(true);
            t.start();
        }

        private void relay(SocketAddress client) {
            ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
            DatagramChannel front = (DatagramChannel) PortProxy.this.channel;
            try {
                while (!closed && channel.isOpen()) {
                    buf.clear();
                    channel.read(buf);
                    buf.flip();
                    front.send(buf, client);
                    lastUsed = System.currentTimeMillis();
                }
            } catch (IOException e) {
                // closed or refused: the peer entry goes away
            }
            peers.remove(client, this);
            closeQuietly(channel);
        }
    }

    /**
     * Closes the socket and waits (bounded) for the thread blocked on it: the JDK defers the
     * real close of a channel to the thread blocked in accept/receive, and the port is free
     * again only after that.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
        peers.values().forEach(p -> closeQuietly(p.channel));
        peers.clear();
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** The address a wildcard or specific host IP means for rules: IPv4 text or 0.0.0.0. */
    static String ruleAddress(String hostIp) {
        return wildcard(hostIp) ? "0.0.0.0" : Cidr.text(Cidr.parseAddress(hostIp));
    }
}
