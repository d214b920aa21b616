package io.jcompose.network.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One message of what the kernel answered on a netlink socket: the header fields and the payload after the
 * 16-byte header (native byte order). An {@code NLMSG_ERROR} message is the ack of a request (errno 0) or its
 * failure, see netlink(7).
 */
record NetlinkReply(int type, int flags, int seq, ByteBuffer payload) {

    static final int NLMSG_ERROR = 2;
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    /** The messages in the first {@code length} bytes of a datagram. */
    static List<NetlinkReply> parse(byte[] data, int length) {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        List<NetlinkReply> out = new ArrayList<>();
        while (b.remaining() >= NetlinkMessage.HEADER_LENGTH) {
            int start = b.position();
            int len = b.getInt(start);
            if (len < NetlinkMessage.HEADER_LENGTH || len > b.limit() - start) {
                throw new IllegalStateException("malformed netlink message of length " + len);
            }
            // a copy: the caller reuses its receive buffer for the next datagram
            ByteBuffer payload = ByteBuffer.wrap(Arrays.copyOfRange(data, start + NetlinkMessage.HEADER_LENGTH,
                    start + len)).order(ByteOrder.nativeOrder());
            out.add(new NetlinkReply(b.getShort(start + 4) & 0xffff, b.getShort(start + 6) & 0xffff,
                    b.getInt(start + 8), payload));
            b.position(Math.min(b.limit(), start + align(len)));
        }
        return out;
    }

    boolean isAck() {
        return type == NLMSG_ERROR;
    }

    /** The errno of an {@code NLMSG_ERROR}: 0 for success (the kernel sends it negated). */
    int errno() {
        return -payload.getInt(0);
    }

    /**
     * The kernel's own explanation of a failure ("Master device not found", ...), sent after the echoed request
     * when the socket asked for extended acks (NETLINK_EXT_ACK).
     */
    Optional<String> extackMessage() {
        if (!isAck() || (flags & NLM_F_ACK_TLVS) == 0) {
            return Optional.empty();
        }
        int echoed = (flags & NLM_F_CAPPED) != 0 ? NetlinkMessage.HEADER_LENGTH : align(payload.getInt(4));
        int at = 4 + echoed;
        while (at + 4 <= payload.limit()) {
            int len = payload.getShort(at) & 0xffff;
            int attrType = payload.getShort(at + 2) & 0x3fff;
            if (len < 4 || at + len > payload.limit()) {
                break;
            }
            if (attrType == NLMSGERR_ATTR_MSG) {
                byte[] text = new byte[len - 4];
                payload.get(at + 4, text);
                return Optional.of(new String(text, StandardCharsets.UTF_8).replace("\0", "").strip());
            }
            at += align(len);
        }
        return Optional.empty();
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
