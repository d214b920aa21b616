/*
 * rtnetlink requests, each the message iproute2 sends for the same ip command; see rtnetlink(7). A socket works
 * on the netns it was opened in, whichever netns the process is in later (netlink(7)).
 */
#define _GNU_SOURCE
#include "netns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct msg {
    size_t len;
    char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
};

static unsigned seq;

static void *put(struct msg *m, const void *data, size_t n) {
    void *at = m->buf + m->len;
    if (data) memcpy(at, data, n); else memset(at, 0, n);
    m->len += NLMSG_ALIGN(n);
    return at;
}

static void begin(struct msg *m, int type, int flags) {
    memset(m, 0, sizeof *m);
    struct nlmsghdr *h = put(m, NULL, sizeof *h);
    h->nlmsg_type = (unsigned short)type;
    h->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
}

static void attr(struct msg *m, int type, const void *data, size_t n) {
    struct rtattr *a = put(m, NULL, RTA_LENGTH(0));
    a->rta_type = (unsigned short)type;
    a->rta_len = (unsigned short)RTA_LENGTH(n);
    m->len -= RTA_LENGTH(0);
    m->len += RTA_ALIGN(RTA_LENGTH(n));
    memcpy(RTA_DATA(a), data, n);
}

static void attr_u32(struct msg *m, int type, unsigned v) { attr(m, type, &v, sizeof v); }
static void attr_str(struct msg *m, int type, const char *s) { attr(m, type, s, strlen(s) + 1); }

static size_t nest(struct msg *m, int type) {
    size_t at = m->len;
    struct rtattr *a = put(m, NULL, RTA_LENGTH(0));
    a->rta_type = (unsigned short)type;
    return at;
}

static void nest_end(struct msg *m, size_t at) {
    ((struct rtattr *)(m->buf + at))->rta_len = (unsigned short)(m->len - at);
}

static void ifinfo(struct msg *m, int index, unsigned up) {
    struct ifinfomsg i = { .ifi_family = AF_UNSPEC, .ifi_index = index, .ifi_flags = up, .ifi_change = up };
    put(m, &i, sizeof i);
}

int jc_rtnl_open(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) jc_fail("netlink", errno, "", "opening a netlink socket");
    /* errors then carry the kernel's text and echo only the header of the failed request */
    int on = 1;
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
    return fd;
}

/* The kernel's extended-ack text of an error answer, or "". */
static const char *extack(const struct nlmsghdr *h) {
    if (!(h->nlmsg_flags & NLM_F_ACK_TLVS)) return "";
    const struct nlmsgerr *e = NLMSG_DATA(h);
    size_t off = sizeof *e;
    if (!(h->nlmsg_flags & NLM_F_CAPPED)) off += e->msg.nlmsg_len - NLMSG_HDRLEN;
    const char *tlv = (const char *)e + NLMSG_ALIGN(off);
    int left = (int)h->nlmsg_len - (int)(tlv - (const char *)h);
    const struct nlattr *a = (const void *)tlv;
    while (left >= (int)sizeof *a && a->nla_len >= sizeof *a && a->nla_len <= left) {
        if (a->nla_type == NLMSGERR_ATTR_MSG) return (const char *)(a + 1);
        left -= NLA_ALIGN(a->nla_len);
        a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
    }
    return "";
}

/* Sends the request and reads up to its ack: 0, or the kernel's errno with its text in detail. */
static int exchange(int fd, struct msg *m, char *detail, size_t dsize) {
    struct nlmsghdr *h = (struct nlmsghdr *)m->buf;
    h->nlmsg_len = (unsigned)m->len;
    h->nlmsg_seq = ++seq;
    detail[0] = '\0';
    if (send(fd, m->buf, m->len, 0) != (ssize_t)m->len) return errno ? errno : EIO;
    static char answer[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
    for (;;) {
        ssize_t n = recv(fd, answer, sizeof answer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        int left = (int)n;
        for (struct nlmsghdr *r = (struct nlmsghdr *)answer; NLMSG_OK(r, left); r = NLMSG_NEXT(r, left)) {
            if (r->nlmsg_seq != seq || r->nlmsg_type != NLMSG_ERROR) continue;
            int err = -((struct nlmsgerr *)NLMSG_DATA(r))->error;
            if (err) snprintf(detail, dsize, "%s", extack(r));
            return err;
        }
    }
}

/* The request, or jc_fail: "what failed: RTNETLINK: File exists (kernel text)". */
static void request(int fd, struct msg *m, const char *step, const char *fmt, const char *a, const char *b) {
    char detail[512], what[4600];
    int err = exchange(fd, m, detail, sizeof detail);
    if (!err) return;
    snprintf(what, sizeof what, fmt, a, b);
    jc_fail(step, err, "", "%s failed: RTNETLINK: %s%s%s%s", what, strerror(err), *detail ? " (" : "", detail,
            *detail ? ")" : "");
}

static void parse_mac(const char *mac, unsigned char out[6]) {
    unsigned v[6];
    if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
        jc_fail("spec", EINVAL, "", "bad MAC address \"%s\"", mac);
    for (int i = 0; i < 6; i++) out[i] = (unsigned char)v[i];
}

/*
 * ip link add HOST [mtu M] master BRIDGE up type veth peer name IF [mtu M] address MAC netns FD: one message,
 * so the kernel makes the pair, moves the peer and enslaves the host end, or does none of it.
 */
void jc_rtnl_new_veth(int fd, const struct jc_veth *v, int netns_fd, const char *netns_path) {
    struct msg m;
    unsigned char mac[6];
    parse_mac(v->mac, mac);
    begin(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    ifinfo(&m, 0, IFF_UP);
    if (v->mtu) attr_u32(&m, IFLA_MTU, v->mtu);
    attr_str(&m, IFLA_IFNAME, v->host);
    attr_u32(&m, IFLA_MASTER, (unsigned)v->bridge_index);
    size_t info = nest(&m, IFLA_LINKINFO);
    attr(&m, IFLA_INFO_KIND, "veth", 4);
    size_t data = nest(&m, IFLA_INFO_DATA);
    size_t peer = nest(&m, VETH_INFO_PEER);
    ifinfo(&m, 0, 0);
    if (v->mtu) attr_u32(&m, IFLA_MTU, v->mtu);
    attr_u32(&m, IFLA_NET_NS_FD, (unsigned)netns_fd);
    attr_str(&m, IFLA_IFNAME, v->ifname);
    attr(&m, IFLA_ADDRESS, mac, sizeof mac);
    nest_end(&m, peer);
    nest_end(&m, data);
    nest_end(&m, info);
    char peer_in[4200];
    snprintf(peer_in, sizeof peer_in, "\"%s\" in %s", v->ifname, netns_path);
    request(fd, &m, "veth", "creating veth \"%s\" (peer %s)", v->host, peer_in);
}

/* ip link set NAME up */
void jc_rtnl_link_up(int fd, const char *name) {
    struct msg m;
    begin(&m, RTM_NEWLINK, 0);
    ifinfo(&m, 0, IFF_UP);
    attr_str(&m, IFLA_IFNAME, name);
    request(fd, &m, "link-up", "setting link \"%s\" up%s", name, "");
}

static int family_of(const char *addr, unsigned char out[16]) {
    if (inet_pton(AF_INET, addr, out) == 1) return AF_INET;
    if (inet_pton(AF_INET6, addr, out) == 1) return AF_INET6;
    jc_fail("spec", EINVAL, "", "bad address \"%s\"", addr);
}

/* ip addr add CIDR dev LINK, with nodad for IPv6 */
void jc_rtnl_add_addr(int fd, int index, const char *ifname, const char *cidr) {
    char addr[64];
    unsigned char bytes[16];
    const char *slash = strchr(cidr, '/');
    if (!slash || (size_t)(slash - cidr) >= sizeof addr) jc_fail("spec", EINVAL, "", "bad address \"%s\"", cidr);
    memcpy(addr, cidr, (size_t)(slash - cidr));
    addr[slash - cidr] = '\0';
    int family = family_of(addr, bytes);
    struct msg m;
    begin(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg a = { .ifa_family = (unsigned char)family, .ifa_prefixlen = (unsigned char)atoi(slash + 1),
                           .ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0, .ifa_scope = RT_SCOPE_UNIVERSE,
                           .ifa_index = (unsigned)index };
    put(&m, &a, sizeof a);
    size_t n = family == AF_INET6 ? 16 : 4;
    attr(&m, IFA_LOCAL, bytes, n);
    attr(&m, IFA_ADDRESS, bytes, n);
    request(fd, &m, "address", "adding address %s to \"%s\"", cidr, ifname);
}

/* ip route replace default via GATEWAY */
void jc_rtnl_default_route(int fd, const char *gateway) {
    unsigned char bytes[16];
    int family = family_of(gateway, bytes);
    struct msg m;
    begin(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
    struct rtmsg r = { .rtm_family = (unsigned char)family, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
                       .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
    put(&m, &r, sizeof r);
    attr(&m, RTA_GATEWAY, bytes, family == AF_INET6 ? 16 : 4);
    request(fd, &m, "route", "setting default route via %s%s", gateway, "");
}

int jc_rtnl_del_link(int fd, const char *name) {
    char detail[256];
    struct msg m;
    begin(&m, RTM_DELLINK, 0);
    ifinfo(&m, 0, 0);
    attr_str(&m, IFLA_IFNAME, name);
    int err = exchange(fd, &m, detail, sizeof detail);
    return err == ENODEV ? 0 : err;
}
