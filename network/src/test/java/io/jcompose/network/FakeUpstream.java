package io.jcompose.network;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** A tiny authoritative DNS server on 127.0.0.1 standing in for the host's resolver in tests. */
public final class FakeUpstream implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, String> answers;
    private final Thread thread;

    public FakeUpstream(Map<String, String> answers) throws IOException {
        this.answers = Map.copyOf(answers);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "fake-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                String name = q.getQuestion().getName().toString(true);
                String ip = answers.get(name);
                if (ip == null) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName(ip)),
                            Section.ANSWER);
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
