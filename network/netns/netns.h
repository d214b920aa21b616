/* jcompose-netns: a container's network namespace and its veths in one process; see main.c for the spec. */
#ifndef JC_NETNS_H
#define JC_NETNS_H

#include <stddef.h>

#define JC_MAX_VETHS 16
#define JC_MAX_ADDRS 8
#define JC_MAX_ROUTES 2

struct jc_veth {
    const char *host;           /* host end, in the helper's original netns */
    const char *bridge;         /* the host end's master */
    const char *ifname;         /* peer name in the container's netns */
    const char *mac;            /* peer MAC, aa:bb:cc:dd:ee:ff */
    unsigned mtu;               /* both ends; 0 = the kernel's default */
    int bridge_index;
    const char *addrs[JC_MAX_ADDRS];
    int naddrs;
    const char *routes[JC_MAX_ROUTES];
    int nroutes;
};

struct jc_spec {
    int create;                 /* 1: new netns bound on path; 0: enter the netns bound on path */
    const char *path;
    int localnet;               /* write route_localnet=1 inside */
    const char *nft_create;     /* tried first; may be empty */
    const char *nft_replace;    /* when the create script is empty or fails; NULL: no rules */
    struct jc_veth veths[JC_MAX_VETHS];
    int nveths;
};

/* main.c: one JSON error record on stdout, undo of what was made, exit 1 */
void jc_fail(const char *step, int err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));

/* spec.c: parses the spec in buf (modified in place); 0, or -1 with a message in err */
int jc_parse_spec(char *buf, size_t len, struct jc_spec *spec, char *err, size_t errsize);

/* rtnl.c: requests on a NETLINK_ROUTE socket; each fails through jc_fail naming the link and the kernel's text */
int jc_rtnl_open(void);
void jc_rtnl_new_veth(int fd, const struct jc_veth *v, int netns_fd, const char *netns_path);
void jc_rtnl_link_up(int fd, const char *name);
void jc_rtnl_add_addr(int fd, int index, const char *ifname, const char *cidr);
void jc_rtnl_default_route(int fd, const char *gateway);
/* 0 when deleted or absent, else the errno (no jc_fail: used while undoing) */
int jc_rtnl_del_link(int fd, const char *name);

#endif
