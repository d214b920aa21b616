package io.jcompose.network.internal;

import io.jcompose.network.Cidr;
import io.jcompose.network.Network;
import io.jcompose.network.NetworkException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The containers' DNS server. It listens on each network's gateway address (containers reach it
 * as 127.0.0.11 through a NAT rule in their netns) and answers container names and aliases with
 * the addresses on the networks the asking container shares, decided by the query's source
 * address. Other names go to the container's own {@code dns} servers or the host's resolvers,
 * except for containers only on internal networks.
 */
public final class DnsServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());
    private static final long TTL = 600;

    private final int port;
    private final List<InetSocketAddress> defaultUpstreams;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final ExecutorService pool = new ThreadPoolExecutor(4, 32, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "dns-worker");
                t.setDaemon(true);
                return t;
            });
    private volatile NameTable table = NameTable.EMPTY;

    public DnsServer(int port, List<InetSocketAddress> defaultUpstreams) {
        this.port = port;
        this.defaultUpstreams = List.copyOf(defaultUpstreams);
    }

    /** Replaces the name table; queries after this call see the new names. */
    public void update(NameTable next) {
        this.table = next;
    }

    /** Starts answering on {@code gateway} for the network {@code networkId}; idempotent. */
    public synchronized void listen(String networkId, String gateway) {
        if (listeners.containsKey(networkId)) {
            return;
        }
        InetSocketAddress at = new InetSocketAddress(Cidr.parseAddress(gateway), port);
        try {
            listeners.put(networkId, new Listener(networkId, at));
        } catch (IOException e) {
            throw new NetworkException(NetworkException.Kind.HOST, "cannot start DNS on " + gateway + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** Stops answering for a network; idempotent. */
    public synchronized void unlisten(String networkId) {
        Listener l = listeners.remove(networkId);
        if (l != null) {
            l.close();
        }
    }

    /** Where the server listens for a network (the gateway and the port actually bound). */
    public Optional<InetSocketAddress> address(String networkId) {
        return Optional.ofNullable(listeners.get(networkId)).map(l -> l.bound);
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
        pool.shutdownNow();
    }

    /** Answers one query (wire format) that arrived on {@code networkId} from {@code source}. */
    byte[] answer(byte[] wire, String networkId, InetAddress source, boolean tcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Record q = query.getQuestion();
        if (q == null || query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        String src = Cidr.text(source);
        NameTable t = table;
        if (!t.inSubnet(networkId, src) && !isLocal(source)) {
            // only the network's own containers and the host itself may ask: the gateway address
            // is routable from other hosts, and this must not be an open resolver
            return null;
        }
        List<Network> scope = t.scope(networkId, src);
        Optional<byte[]> local = local(query, q, t, scope);
        if (local.isPresent()) {
            return local.get();
        }
        if (scope.stream().allMatch(Network::internal)) {
            return reply(query, Rcode.SERVFAIL).toWire();
        }
        List<InetSocketAddress> ups = t.upstreamsFor(networkId, src);
        return forward(query, ups.isEmpty() ? defaultUpstreams : ups, tcp);
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private Optional<byte[]> local(Message query, Record q, NameTable t, List<Network> scope) {
        String name = q.getName().toString(true);
        int type = q.getType();
        if (type == Type.PTR) {
            Optional<String> ip = reverseAddress(name);
            Optional<String> target = ip.flatMap(a -> t.reverse(scope, a));
            if (target.isEmpty()) {
                return Optional.empty();
            }
            Message r = reply(query, Rcode.NOERROR);
            try {
                r.addRecord(new PTRRecord(q.getName(), DClass.IN, TTL, Name.fromString(target.get() + ".")),
                        Section.ANSWER);
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.of(r.toWire());
        }
        Optional<NameTable.Addresses> found = t.lookup(scope, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Message r = reply(query, Rcode.NOERROR);
        if (type == Type.A || type == Type.ANY) {
            for (String a : found.get().ipv4()) {
                r.addRecord(new ARecord(q.getName(), DClass.IN, TTL, Cidr.parseAddress(a)), Section.ANSWER);
            }
        }
        if (type == Type.AAAA || type == Type.ANY) {
            for (String a : found.get().ipv6()) {
                r.addRecord(new AAAARecord(q.getName(), DClass.IN, TTL, Cidr.parseAddress(a)), Section.ANSWER);
            }
        }
        return Optional.of(r.toWire());
    }

    private static Optional<String> reverseAddress(String name) {
        String suffix = ".in-addr.arpa";
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(suffix)) {
            return Optional.empty();
        }
        String[] p = name.substring(0, name.length() - suffix.length()).split("\\.");
        if (p.length != 4) {
            return Optional.empty();
        }
        return Optional.of(p[3] + "." + p[2] + "." + p[1] + "." + p[0]);
    }

    private static Message reply(Message query, int rcode) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setRcode(rcode);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        return r;
    }

    private byte[] forward(Message query, List<InetSocketAddress> upstreams, boolean tcp) {
        for (InetSocketAddress up : upstreams) {
            try {
                SimpleResolver res = new SimpleResolver(up);
                res.setTimeout(Duration.ofSeconds(3));
                res.setTCP(tcp);
                Message resp = res.send(query);
                resp.getHeader().setID(query.getHeader().getID());
                return resp.toWire();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "upstream " + up + " failed: " + e.getMessage());
            }
        }
        return reply(query, Rcode.SERVFAIL).toWire();
    }

    /** The UDP and TCP sockets for one network and the threads reading them. */
    private final class Listener {
        final String networkId;
        final DatagramChannel udp;
        final ServerSocketChannel tcp;
        final InetSocketAddress bound;
        volatile boolean closed;

        Listener(String networkId, InetSocketAddress at) throws IOException {
            this.networkId = networkId;
            udp = DatagramChannel.open();
            try {
                // lets a host DNS server bound to 0.0.0.0:53 with SO_REUSEADDR coexist, see socket(7)
                udp.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                udp.bind(at);
                bound = (InetSocketAddress) udp.getLocalAddress();
            } catch (IOException e) {
                udp.close();
                throw e;
            }
            ServerSocketChannel t = ServerSocketChannel.open();
            try {
                t.bind(bound, 64);
            } catch (IOException e) {
                t.close();
                t = null;
                LOG.log(System.Logger.Level.WARNING, "DNS over TCP unavailable on " + bound + ": " + e.getMessage()
                        + "; answering over UDP only");
            }
            tcp = t;
            start(this::udpLoop, "dns-udp-" + at.getAddress().getHostAddress());
            if (tcp != null) {
                start(this::tcpLoop, "dns-tcp-" + at.getAddress().getHostAddress());
            }
        }

        private final List<Thread> threads = new java.util.ArrayList<>();

        private void start(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void udpLoop() {
            ByteBuffer buf = ByteBuffer.allocate(65_535);
            while (!closed) {
                try {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) udp.receive(buf);
                    byte[] wire = new byte[buf.position()];
                    buf.flip();
                    buf.get(wire);
                    submit(() -> {
                        byte[] out = answer(wire, networkId, from.getAddress(), false);
                        if (out != null) {
                            try {
                                udp.send(ByteBuffer.wrap(truncateForUdp(out)), from);
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        }
                    });
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private void tcpLoop() {
            while (!closed) {
                try {
                    SocketChannel c = tcp.accept();
                    submit(() -> serveTcp(c));
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private void serveTcp(SocketChannel c) {
            try (Socket s = c.socket()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                for (int i = 0; i < 100; i++) {
                    int len;
                    try {
                        len = in.readUnsignedShort();
                    } catch (IOException eof) {
                        return;
                    }
                    byte[] wire = in.readNBytes(len);
                    byte[] ans = answer(wire, networkId, ((InetSocketAddress) c.getRemoteAddress()).getAddress(), true);
                    if (ans == null) {
                        return;
                    }
                    out.writeShort(ans.length);
                    out.write(ans);
                    out.flush();
                }
            } catch (SocketTimeoutException e) {
                // idle client
            } catch (IOException e) {
                // client went away
            }
        }

        private void submit(Runnable r) {
            try {
                pool.execute(r);
            } catch (RejectedExecutionException e) {
                // overloaded: drop, the client retries
            }
        }

        /** Closes the sockets and waits (bounded) for their threads, which finish the close. */
        void close() {
            closed = true;
            try {
                udp.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                if (tcp != null) {
                    tcp.close();
                }
            } catch (IOException ignored) {
                // closing
            }
            for (Thread t : threads) {
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A UDP answer too long for any EDNS buffer is cut to the header with TC set, so the client retries on TCP. */
    static byte[] truncateForUdp(byte[] wire) {
        if (wire.length <= 4096) {
            return wire;
        }
        try {
            Message m = new Message(wire);
            Message t = new Message(m.getHeader().getID());
            t.getHeader().setFlag(Flags.QR);
            t.getHeader().setFlag(Flags.TC);
            t.getHeader().setFlag(Flags.RA);
            t.getHeader().setRcode(m.getRcode());
            t.addRecord(m.getQuestion(), Section.QUESTION);
            return t.toWire();
        } catch (IOException e) {
            return wire;
        }
    }

}
