package io.jcompose.network.internal;

import io.jcompose.network.Cidr;
import io.jcompose.network.NetworkException;
import io.jcompose.network.VethSpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The rtnetlink requests the network module makes (links, addresses, default routes), each the message that
 * iproute2 sends for the same {@code ip} command, over one {@link NetlinkSocket}; see rtnetlink(7). The message
 * builders are static so that tests can check their bytes without a kernel.
 */
final class Rtnetlink {

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_NEWROUTE = 24;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IFF_UP = 0x1;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_F_NODAD = 0x2;

    static final int RTA_GATEWAY = 5;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RTN_UNICAST = 1;

    private static final int ENODEV = 19;

    private final NetlinkSocket socket;

    Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The index of the link {@code name} in the socket's namespace. */
    int linkIndex(String name) {
        for (NetlinkReply r : socket.request(getLink(name), "looking up link \"" + name + "\"")) {
            if (r.type() == RTM_NEWLINK) {
                return r.payload().getInt(4);
            }
        }
        throw new NetworkException(NetworkException.Kind.HOST, "looking up link \"" + name + "\" failed: no answer");
    }

    /** The veth pair of {@code s}: the host end on the bridge {@code master} and up, the peer in {@code netnsFd}. */
    void createVeth(VethSpec s, int master, int netnsFd) {
        socket.request(newVeth(s, master, netnsFd), "creating veth \"" + s.hostName() + "\" (peer \"" + s.ifName()
                + "\" in " + s.netns() + ")");
    }

    /** {@code ip link set NAME up}. */
    void setUp(String name) {
        socket.request(linkUp(0, name), "setting link \"" + name + "\" up");
    }

    /** {@code ip link set up} of the link {@code index}; {@code name} is for the message. */
    void setUp(int index, String name) {
        socket.request(linkUp(index, null), "setting link \"" + name + "\" up");
    }

    /** {@code ip addr add CIDR dev LINK}, with {@code nodad} for IPv6. */
    void addAddress(int index, String name, String cidr) {
        socket.request(newAddress(index, Cidr.parse(cidr)), "adding address " + cidr + " to \"" + name + "\"");
    }

    /** {@code ip route replace default via GATEWAY}. */
    void replaceDefaultRoute(String gateway) {
        socket.request(defaultRoute(Cidr.parseAddress(gateway)), "setting default route via " + gateway);
    }

    /** {@code ip link del NAME}; false when there is no such link, which is no error. */
    boolean deleteLink(String name) {
        String what = "deleting link \"" + name + "\"";
        NetlinkSocket.Answer a = socket.exchange(delLink(name), what);
        if (a.errno() == ENODEV) {
            return false;
        }
        if (a.errno() != 0) {
            throw socket.refused(what, a);
        }
        return true;
    }

    // ---------------------------------------------------------------- messages

    static NetlinkMessage getLink(String name) {
        return ifinfo(new NetlinkMessage(RTM_GETLINK, 0), 0, 0).attrString(IFLA_IFNAME, name);
    }

    static NetlinkMessage delLink(String name) {
        return ifinfo(new NetlinkMessage(RTM_DELLINK, 0), 0, 0).attrString(IFLA_IFNAME, name);
    }

    /** By index, or by name with index 0. */
    static NetlinkMessage linkUp(int index, String name) {
        NetlinkMessage m = ifinfo(new NetlinkMessage(RTM_NEWLINK, 0), index, IFF_UP);
        return name == null ? m : m.attrString(IFLA_IFNAME, name);
    }

    /**
     * {@code ip link add HOST [mtu M] master BRIDGE up type veth peer name IF [mtu M] address MAC netns FD}: one
     * message, so the kernel makes the pair, moves the peer and enslaves the host end, or does none of it.
     */
    static NetlinkMessage newVeth(VethSpec s, int master, int netnsFd) {
        NetlinkMessage m = ifinfo(new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_CREATE
                | NetlinkMessage.NLM_F_EXCL), 0, IFF_UP);
        s.mtu().ifPresent(mtu -> m.attrU32(IFLA_MTU, mtu));
        m.attrString(IFLA_IFNAME, s.hostName()).attrU32(IFLA_MASTER, master);
        m.begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "veth".getBytes(StandardCharsets.US_ASCII));
        m.begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER);
        ifinfo(m, 0, 0);
        s.mtu().ifPresent(mtu -> m.attrU32(IFLA_MTU, mtu));
        m.attrU32(IFLA_NET_NS_FD, netnsFd).attrString(IFLA_IFNAME, s.ifName())
                .attr(IFLA_ADDRESS, HexFormat.ofDelimiter(":").parseHex(s.mac()));
        return m.end().end().end();
    }

    static NetlinkMessage newAddress(int index, Cidr cidr) {
        boolean v6 = cidr.address() instanceof Inet6Address;
        byte[] a = cidr.address().getAddress();
        return new NetlinkMessage(RTM_NEWADDR, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .u8(v6 ? AF_INET6 : AF_INET).u8(cidr.prefix()).u8(v6 ? IFA_F_NODAD : 0).u8(RT_SCOPE_UNIVERSE)
                .u32(index).attr(IFA_LOCAL, a).attr(IFA_ADDRESS, a);
    }

    static NetlinkMessage defaultRoute(InetAddress gateway) {
        return new NetlinkMessage(RTM_NEWROUTE, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE)
                .u8(gateway instanceof Inet6Address ? AF_INET6 : AF_INET).u8(0).u8(0).u8(0)
                .u8(RT_TABLE_MAIN).u8(RTPROT_BOOT).u8(RT_SCOPE_UNIVERSE).u8(RTN_UNICAST).u32(0)
                .attr(RTA_GATEWAY, gateway.getAddress());
    }

    /** The {@code ifinfomsg} of a link request; {@code up} is the IFF_UP bit to set (both flags and change). */
    private static NetlinkMessage ifinfo(NetlinkMessage m, int index, int up) {
        return m.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(up).u32(up);
    }
}
