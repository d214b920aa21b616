package io.jcompose.network.internal;

import io.jcompose.network.NetworkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A NETLINK_ROUTE socket that sends one request at a time and reads its answer up to the ack. The socket works
 * on the network namespace it was created in, whichever namespace the thread is in later (see netlink(7)), and is
 * not shared between threads.
 */
final class NetlinkSocket implements AutoCloseable {

    /** What the kernel answered to one request: the errno of its ack (0 = done) and the messages before it. */
    record Answer(int errno, Optional<String> detail, List<NetlinkReply> messages) {}

    private static final int RECEIVE_BUFFER = 32 * 1024;

    private final Syscalls sys;
    private final int fd;
    private final byte[] receive = new byte[RECEIVE_BUFFER];
    private int seq;

    private NetlinkSocket(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    /** A socket in the calling thread's current network namespace. */
    static NetlinkSocket open(Syscalls sys) {
        int fd = sys.libc().socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC,
                Syscalls.NETLINK_ROUTE);
        if (fd < 0) {
            throw sys.failure("opening a netlink socket");
        }
        // errors then carry the kernel's text and echo only the header of the failed request; an older kernel
        // that lacks these options still answers with the errno
        byte[] on = {1, 0, 0, 0};
        sys.libc().setsockopt(fd, Syscalls.SOL_NETLINK, Syscalls.NETLINK_EXT_ACK, on, on.length);
        sys.libc().setsockopt(fd, Syscalls.SOL_NETLINK, Syscalls.NETLINK_CAP_ACK, on, on.length);
        return new NetlinkSocket(sys, fd);
    }

    /** Sends {@code message} and returns its answer; fails with "what failed: RTNETLINK: error" on a refusal. */
    List<NetlinkReply> request(NetlinkMessage message, String what) {
        Answer a = exchange(message, what);
        if (a.errno() != 0) {
            throw refused(what, a);
        }
        return a.messages();
    }

    /** The failure for a refused request: "what failed: RTNETLINK: File exists", plus the kernel's detail. */
    NetworkException refused(String what, Answer a) {
        return new NetworkException(NetworkException.Kind.HOST, what + " failed: RTNETLINK: "
                + sys.strerror(a.errno()) + a.detail().map(d -> " (" + d + ")").orElse(""));
    }

    /** Sends {@code message} and returns the answer, a refusal included; only a broken socket throws. */
    Answer exchange(NetlinkMessage message, String what) {
        byte[] bytes = message.toBytes(++seq);
        if (sys.libc().send(fd, bytes, bytes.length, 0) != bytes.length) {
            throw sys.failure(what + " (netlink send)");
        }
        List<NetlinkReply> messages = new ArrayList<>();
        while (true) {
            // the kernel handles a rtnetlink request inside send(2) and queues the whole answer before it
            // returns, so an empty queue here means no answer is coming: never wait for one
            long n = sys.libc().recv(fd, receive, receive.length, Syscalls.MSG_DONTWAIT);
            if (n < 0) {
                throw sys.failure(what + " (netlink receive)");
            }
            for (NetlinkReply r : NetlinkReply.parse(receive, (int) n)) {
                if (r.seq() != seq) {
                    continue;
                }
                if (r.isAck()) {
                    return new Answer(r.errno(), r.extackMessage(), messages);
                }
                messages.add(r);
            }
        }
    }

    @Override
    public void close() {
        sys.close(fd);
    }
}
