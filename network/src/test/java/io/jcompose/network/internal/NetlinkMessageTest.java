package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Attribute layout: lengths without padding, every attribute starting on a 4-byte boundary. */
class NetlinkMessageTest {

    @Test
    void attributesArePaddedToFourBytesButTheirLengthIsNot() {
        byte[] b = new NetlinkMessage(16, 0).attr(1, new byte[] {7}).attrString(2, "ab").attrU32(3, 5).toBytes(9);
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        assertThat(b).hasSize(16 + 8 + 8 + 8);
        assertThat(m.getInt(0)).isEqualTo(b.length);
        assertThat(m.getInt(8)).isEqualTo(9);
        assertThat(m.getShort(16)).isEqualTo((short) 5);
        assertThat(m.get(20)).isEqualTo((byte) 7);
        assertThat(m.getShort(24)).isEqualTo((short) 7);
        assertThat(m.getShort(26)).isEqualTo((short) 2);
        assertThat(m.get(30)).isZero();
        assertThat(m.getShort(32)).isEqualTo((short) 8);
        assertThat(m.getInt(36)).isEqualTo(5);
    }

    @Test
    void aNestedAttributeCoversWhatIsInsideIt() {
        byte[] b = new NetlinkMessage(16, 0).begin(1).attr(2, new byte[3]).begin(3).attrU32(4, 1).end().end()
                .toBytes(1);
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        assertThat(m.getShort(16)).isEqualTo((short) (4 + 8 + 12));
        assertThat(m.getShort(28)).isEqualTo((short) 12);
        assertThat(b).hasSize(16 + 24);
    }

    @Test
    void requestAndAckFlagsAreAlwaysSet() {
        ByteBuffer m = ByteBuffer.wrap(new NetlinkMessage(24, NetlinkMessage.NLM_F_CREATE).toBytes(1))
                .order(ByteOrder.nativeOrder());
        assertThat(m.getShort(6)).isEqualTo((short) (NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REQUEST
                | NetlinkMessage.NLM_F_ACK));
    }

    @Test
    void aLargeMessageGrows() {
        NetlinkMessage m = new NetlinkMessage(16, 0);
        for (int i = 0; i < 100; i++) {
            m.attrU32(1, i);
        }
        assertThat(m.toBytes(1)).hasSize(16 + 800);
    }

    @Test
    void anUnclosedNestIsABug() {
        assertThatThrownBy(() -> new NetlinkMessage(16, 0).begin(1).toBytes(1))
                .isInstanceOf(IllegalStateException.class);
    }
}
