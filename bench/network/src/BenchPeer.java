import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The "container" side of the network benchmark, run inside the container's netns:
 * port 5001 discards what it reads and answers the byte count at EOF; port 5002 echoes.
 * Exits after {@code args[0]} seconds so a crashed benchmark leaves nothing running.
 */
public final class BenchPeer {
    public static void main(String[] args) throws Exception {
        long lifetime = Long.parseLong(args.length > 0 ? args[0] : "300") * 1000;
        Thread sink = serve(5001, BenchPeer::sink);
        Thread echo = serve(5002, BenchPeer::echo);
        System.out.println("ready");
        System.out.flush();
        sink.join(lifetime);
        System.exit(0);
    }

    interface Handler { void handle(Socket s) throws Exception; }

    static Thread serve(int port, Handler h) throws Exception {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), 64);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            h.handle(s);
                        } catch (Exception ignored) {
                            // client went away
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void sink(Socket s) throws Exception {
        s.setReceiveBufferSize(4 << 20);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 18];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
        }
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeLong(total);
        out.flush();
    }

    static void echo(Socket s) throws Exception {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[64];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
