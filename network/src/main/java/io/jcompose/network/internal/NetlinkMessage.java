package io.jcompose.network.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * One netlink request being built: the {@code nlmsghdr}, the fixed struct of its type, then attributes
 * (nested ones too), each padded to 4 bytes, all in native byte order as the kernel reads them (see
 * netlink(7), rtnetlink(7)).
 */
final class NetlinkMessage {

    static final int HEADER_LENGTH = 16;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    /** A request of {@code type} with {@code flags}; NLM_F_REQUEST and NLM_F_ACK are always set. */
    NetlinkMessage(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) (flags | NLM_F_REQUEST | NLM_F_ACK)).putInt(0).putInt(0);
    }

    /** Appends raw bytes of the fixed struct that follows the header. */
    NetlinkMessage u8(int v) {
        room(1).put((byte) v);
        return this;
    }

    NetlinkMessage u16(int v) {
        room(2).putShort((short) v);
        return this;
    }

    NetlinkMessage u32(int v) {
        room(4).putInt(v);
        return this;
    }

    /** An attribute with a raw value, padded to 4 bytes. */
    NetlinkMessage attr(int type, byte[] value) {
        room(4 + value.length + 3).putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    NetlinkMessage attrU32(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute, like an interface name. */
    NetlinkMessage attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** Opens a nested attribute; everything up to the matching {@link #end()} is inside it. */
    NetlinkMessage begin(int type) {
        nests.push(buf.position());
        room(4).putShort((short) 0).putShort((short) type);
        return this;
    }

    NetlinkMessage end() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** The finished message with sequence number {@code seq}. */
    byte[] toBytes(int seq) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(0, buf.position()).putInt(8, seq);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void pad() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }

    private ByteBuffer room(int bytes) {
        if (buf.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + bytes))
                    .order(ByteOrder.nativeOrder());
            buf = bigger.put(buf.flip());
        }
        return buf;
    }
}
