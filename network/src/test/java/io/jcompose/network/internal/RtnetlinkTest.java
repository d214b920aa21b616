package io.jcompose.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jcompose.network.Cidr;
import io.jcompose.network.VethSpec;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes of the rtnetlink requests. Where iproute2 sends the same request, the expected bytes are what
 * {@code strace -e sendmsg} showed iproute2 6.1 sending (sequence number 1 here).
 */
class RtnetlinkTest {

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "expected bytes are little-endian");
    }

    @Test
    void defaultRouteIsWhatIpRouteReplaceSends() {
        // ip route replace default via 10.1.2.1
        assertThat(hex(Rtnetlink.defaultRoute(Cidr.parseAddress("10.1.2.1")))).isEqualTo(""
                + "24000000" + "1800" + "0505" + "01000000" + "00000000"
                + "02000000" + "fe030001" + "00000000"
                + "08000500" + "0a010201");
        // ip route replace default via fd00::1
        assertThat(hex(Rtnetlink.defaultRoute(Cidr.parseAddress("fd00::1")))).isEqualTo(""
                + "30000000" + "1800" + "0505" + "01000000" + "00000000"
                + "0a000000" + "fe030001" + "00000000"
                + "14000500" + "fd000000000000000000000000000001");
    }

    @Test
    void addressesAreWhatIpAddrAddSends() {
        // ip addr add 10.1.2.3/24 dev (index 3): no broadcast, local and address both the address
        assertThat(hex(Rtnetlink.newAddress(3, Cidr.parse("10.1.2.3/24")))).isEqualTo(""
                + "28000000" + "1400" + "0506" + "01000000" + "00000000"
                + "02180000" + "03000000"
                + "08000200" + "0a010203" + "08000100" + "0a010203");
        // ip -6 addr add fd00::2/64 dev (index 3) nodad
        assertThat(hex(Rtnetlink.newAddress(3, Cidr.parse("fd00::2/64")))).isEqualTo(""
                + "40000000" + "1400" + "0506" + "01000000" + "00000000"
                + "0a400200" + "03000000"
                + "14000200" + "fd000000000000000000000000000002"
                + "14000100" + "fd000000000000000000000000000002");
    }

    @Test
    void aVethIsOneMessageWithItsPeerNested() {
        VethSpec s = new VethSpec("jnlh0", "jnlbr0", Path.of("/run/x"), "eth0", "02:42:0a:ef:00:02",
                List.of("10.239.0.2/24"), Optional.empty(), Optional.empty(), Optional.of(1400), "");
        assertThat(hex(Rtnetlink.newVeth(s, 7, 9))).isEqualTo(""
                // header: length 136, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
                + "88000000" + "1000" + "0506" + "01000000" + "00000000"
                // ifinfomsg: index 0, IFF_UP in flags and change
                + "00000000" + "00000000" + "01000000" + "01000000"
                + "08000400" + "78050000"                      // IFLA_MTU 1400
                + "0a000300" + "6a6e6c683000" + "0000"         // IFLA_IFNAME "jnlh0\0", padded
                + "08000a00" + "07000000"                      // IFLA_MASTER 7
                + "4c001200"                                   // IFLA_LINKINFO, 76 bytes
                + "08000100" + "76657468"                      //   IFLA_INFO_KIND "veth"
                + "40000200"                                   //   IFLA_INFO_DATA, 64 bytes
                + "3c000100"                                   //     VETH_INFO_PEER, 60 bytes
                + "00000000000000000000000000000000"           //       its ifinfomsg
                + "08000400" + "78050000"                      //       IFLA_MTU 1400
                + "08001c00" + "09000000"                      //       IFLA_NET_NS_FD 9
                + "09000300" + "6574683000" + "000000"         //       IFLA_IFNAME "eth0\0", padded
                + "0a000100" + "02420aef0002" + "0000");       //       IFLA_ADDRESS, padded
    }

    @Test
    void aVethWithoutMtuHasNoMtuAttributes() {
        VethSpec s = new VethSpec("jnlh0", "jnlbr0", Path.of("/run/x"), "eth0", "02:42:0a:ef:00:02",
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), "");
        assertThat(hex(Rtnetlink.newVeth(s, 7, 9))).doesNotContain("08000400").hasSize(2 * (136 - 16));
    }

    @Test
    void linksAreFoundSetUpAndDeletedByName() {
        assertThat(hex(Rtnetlink.getLink("lo"))).isEqualTo(""
                + "28000000" + "1200" + "0500" + "01000000" + "00000000"
                + "00000000" + "00000000" + "00000000" + "00000000"
                + "07000300" + "6c6f00" + "00");
        assertThat(hex(Rtnetlink.linkUp(0, "lo"))).isEqualTo(""
                + "28000000" + "1000" + "0500" + "01000000" + "00000000"
                + "00000000" + "00000000" + "01000000" + "01000000"
                + "07000300" + "6c6f00" + "00");
        assertThat(hex(Rtnetlink.linkUp(5, null))).isEqualTo(""
                + "20000000" + "1000" + "0500" + "01000000" + "00000000"
                + "00000000" + "05000000" + "01000000" + "01000000");
        assertThat(hex(Rtnetlink.delLink("lo"))).startsWith("28000000" + "1100" + "0500");
    }

    private static String hex(NetlinkMessage m) {
        return HexFormat.of().formatHex(m.toBytes(1));
    }
}
