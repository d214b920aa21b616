package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading answers: acks, errors with and without the kernel's text, several messages in one datagram. */
class NetlinkReplyTest {

    @Test
    void anAckHasErrnoZero() {
        List<NetlinkReply> r = NetlinkReply.parse(error(0, 7, 0, null), 36);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).isAck()).isTrue();
        assertThat(r.get(0).errno()).isZero();
        assertThat(r.get(0).seq()).isEqualTo(7);
        assertThat(r.get(0).extackMessage()).isEmpty();
    }

    @Test
    void anErrorCarriesTheErrnoAndTheKernelsText() {
        byte[] b = error(-17, 3, NetlinkReply.NLM_F_CAPPED | NetlinkReply.NLM_F_ACK_TLVS, "File exists here");
        NetlinkReply r = NetlinkReply.parse(b, b.length).get(0);
        assertThat(r.errno()).isEqualTo(17);
        assertThat(r.extackMessage()).contains("File exists here");
    }

    @Test
    void aReplyAndItsAckInOneDatagram() {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.nativeOrder());
        // RTM_NEWLINK of 16 + 16 + 5 bytes (one attribute of one byte), padded to 40
        b.putInt(37).putShort((short) 16).putShort((short) 0).putInt(4).putInt(0);
        b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(42).putInt(0).putInt(0);
        b.putShort((short) 5).putShort((short) 1).put((byte) 1).put(new byte[3]);
        b.put(error(0, 4, 0, null));
        List<NetlinkReply> r = NetlinkReply.parse(b.array(), b.position());
        assertThat(r).extracting(NetlinkReply::type).containsExactly(16, NetlinkReply.NLMSG_ERROR);
        assertThat(r.get(0).payload().getInt(4)).isEqualTo(42);
        assertThat(r.get(1).isAck()).isTrue();
    }

    @Test
    void aReplyKeepsItsBytesWhenTheBufferIsReused() {
        byte[] buffer = error(-17, 1, 0, null);
        NetlinkReply r = NetlinkReply.parse(buffer, buffer.length).get(0);
        java.util.Arrays.fill(buffer, (byte) 0);
        assertThat(r.errno()).isEqualTo(17);
    }

    /** An NLMSG_ERROR echoing a 16-byte request header, with the text as NLMSGERR_ATTR_MSG when given. */
    private static byte[] error(int error, int seq, int flags, String text) {
        byte[] msg = text == null ? new byte[0] : (text + "\0").getBytes(StandardCharsets.US_ASCII);
        int attr = text == null ? 0 : NetlinkReply.align(4 + msg.length);
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 16 + attr).order(ByteOrder.nativeOrder());
        b.putInt(b.capacity()).putShort((short) NetlinkReply.NLMSG_ERROR).putShort((short) flags).putInt(seq).putInt(0);
        b.putInt(error);
        b.putInt(40).putShort((short) 16).putShort((short) 5).putInt(seq).putInt(0);
        if (text != null) {
            b.putShort((short) (4 + msg.length)).putShort((short) NetlinkReply.NLMSGERR_ATTR_MSG).put(msg);
        }
        return b.array();
    }
}
