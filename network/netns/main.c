/*
 * jcompose-netns: a container's network namespace and its veth pairs in one process, so that the engine's JVM
 * never calls unshare(2) or setns(2) itself (a JVM is multi-threaded; see docs/network.md). Reads the spec of
 * spec.c on stdin and, in this order:
 *
 *   open     a NETLINK_ROUTE socket in the original (host) netns, the bridges' indexes there
 *   netns    create: unshare(CLONE_NEWNET) and bind-mount /proc/self/ns/net on PATH (as ip netns add does);
 *            enter: setns(2) into the netns bound on PATH
 *   inside   a second socket in the container's netns, route_localnet=1 if asked, the nft scripts (libnftables,
 *            in this netns)
 *   veths    each pair through the host socket, the peer moved by the netns fd (IFLA_NET_NS_FD), host end on
 *            its bridge and up; then lo up and each peer's addresses, up, default routes
 *
 * Success prints {"ok":true}; a failure undoes what was made (the host ends, which takes their peers, and the
 * bind mount) and prints one record {"error":true,"step","errno","errno_name","path","message"}, exit 1. The
 * step is spec, open, netns, inside or veths, or for a netlink refusal the request: netlink, veth, link-up,
 * address, route.
 */
#define _GNU_SOURCE
#include "netns.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <nftables/libnftables.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define MAX_SPEC (1 << 20)

/* What jc_fail undoes. */
static int host_fd = -1;
static const char *made[JC_MAX_VETHS];
static int nmade;
static const char *mounted;

static void json_string(char *out, size_t size, const char *in) {
    size_t o = 0;
    out[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 8 < size; p++) {
        if (*p == '"' || *p == '\\') { out[o++] = '\\'; out[o++] = (char)*p; }
        else if (*p == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
        else if (*p < 0x20 || *p == 0x7f) o += (size_t)snprintf(out + o, size - o, "\\u%04x", *p);
        else out[o++] = (char)*p;
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* Undoes what was made; a failure of that is appended to msg, the first failure stays the one reported. */
static void undo(char *msg, size_t size) {
    for (int i = nmade - 1; i >= 0; i--) {
        int err = jc_rtnl_del_link(host_fd, made[i]);
        if (err) {
            size_t l = strlen(msg);
            snprintf(msg + l, size - l, "; undoing: deleting link \"%s\" failed: %s", made[i], strerror(err));
        }
    }
    nmade = 0;
    if (mounted && umount2(mounted, MNT_DETACH) != 0) {
        size_t l = strlen(msg);
        snprintf(msg + l, size - l, "; undoing: unmounting %s failed: %s", mounted, strerror(errno));
    }
    mounted = NULL;
}

void jc_fail(const char *step, int err, const char *path, const char *fmt, ...) {
    char msg[4096], jstep[64], jpath[4200], jmsg[8400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err && !strstr(msg, strerror(err))) {
        size_t l = strlen(msg);
        snprintf(msg + l, sizeof msg - l, ": %s", strerror(err));
    }
    undo(msg, sizeof msg);
    json_string(jstep, sizeof jstep, step);
    json_string(jpath, sizeof jpath, path ? path : "");
    json_string(jmsg, sizeof jmsg, msg);
    printf("{\"error\":true,\"step\":%s,\"errno\":%d,\"errno_name\":\"%s\",\"path\":%s,\"message\":%s}\n",
           jstep, err, err ? strerrorname_np(err) : "", jpath, jmsg);
    fflush(stdout);
    _exit(1);
}

static char *read_spec(size_t *len) {
    char *buf = malloc(MAX_SPEC);
    size_t n = 0;
    if (!buf) jc_fail("spec", ENOMEM, "", "reading the spec");
    for (;;) {
        ssize_t r = read(0, buf + n, MAX_SPEC - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) jc_fail("spec", errno, "", "reading the spec from stdin");
        if (r == 0) break;
        n += (size_t)r;
        if (n == MAX_SPEC - 1) jc_fail("spec", E2BIG, "", "the spec is larger than %d bytes", MAX_SPEC - 1);
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The netns file's fd, with the process in that netns: a new one bound on path, or the one bound there. */
static int netns(const struct jc_spec *s) {
    if (!s->create) {
        int fd = open(s->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) jc_fail("netns", errno, s->path, "opening the network namespace %s", s->path);
        if (setns(fd, CLONE_NEWNET) != 0)
            jc_fail("netns", errno, s->path, "entering the network namespace %s", s->path);
        return fd;
    }
    if (unshare(CLONE_NEWNET) != 0) jc_fail("netns", errno, s->path, "creating a network namespace");
    if (mount("/proc/self/ns/net", s->path, NULL, MS_BIND, NULL) != 0)
        jc_fail("netns", errno, s->path, "bind-mounting the network namespace on %s", s->path);
    mounted = s->path;
    int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0) jc_fail("netns", errno, s->path, "opening the new network namespace");
    return fd;
}

/* Per netns: /proc/sys/net resolves by the netns of the process that opens the file. */
static void route_localnet(const char *path) {
    const char *sysctl = "/proc/sys/net/ipv4/conf/all/route_localnet";
    int fd = open(sysctl, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "1", 1) != 1)
        jc_fail("inside", errno, sysctl, "cannot set route_localnet in the container's namespace %s", path);
    close(fd);
}

/*
 * libnftables, loaded only when the spec carries nft rules: loading it and its libraries costs about 0.3 ms, most
 * containers (the default bridge) have no rules, and a host without it can still make those.
 */
static struct {
    typeof(nft_ctx_new) *ctx_new;
    typeof(nft_ctx_free) *ctx_free;
    typeof(nft_ctx_buffer_error) *buffer_error;
    typeof(nft_ctx_get_error_buffer) *get_error_buffer;
    typeof(nft_run_cmd_from_buffer) *run_cmd_from_buffer;
} nft;

static void nft_load(const char *path) {
    void *lib = dlopen("libnftables.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!lib) jc_fail("inside", 0, path, "applying DNS rules in %s failed: %s", path, dlerror());
    nft.ctx_new = (typeof(nft.ctx_new))dlsym(lib, "nft_ctx_new");
    nft.ctx_free = (typeof(nft.ctx_free))dlsym(lib, "nft_ctx_free");
    nft.buffer_error = (typeof(nft.buffer_error))dlsym(lib, "nft_ctx_buffer_error");
    nft.get_error_buffer = (typeof(nft.get_error_buffer))dlsym(lib, "nft_ctx_get_error_buffer");
    nft.run_cmd_from_buffer = (typeof(nft.run_cmd_from_buffer))dlsym(lib, "nft_run_cmd_from_buffer");
    if (!nft.ctx_new || !nft.ctx_free || !nft.buffer_error || !nft.get_error_buffer || !nft.run_cmd_from_buffer)
        jc_fail("inside", 0, path, "applying DNS rules in %s failed: libnftables lacks a function: %s", path,
                dlerror());
}

/* Runs one nft script in this netns; 0, or -1 with nft's error text in err. See libnftables(3). */
static int nft_run(const char *script, char *err, size_t size) {
    /* a context per script: it opens its netlink socket in the current netns */
    struct nft_ctx *ctx = nft.ctx_new(NFT_CTX_DEFAULT);
    if (!ctx) { snprintf(err, size, "libnftables could not make a context"); return -1; }
    nft.buffer_error(ctx);
    int rc = nft.run_cmd_from_buffer(ctx, script);
    if (rc != 0) {
        const char *e = nft.get_error_buffer(ctx);
        snprintf(err, size, "%s", e && *e ? e : "nft failed");
        size_t l = strlen(err);
        while (l && (err[l - 1] == '\n' || err[l - 1] == ' ')) err[--l] = '\0';
    }
    nft.ctx_free(ctx);
    return rc == 0 ? 0 : -1;
}

/* The table is created where the netns has none (a replace's table deletion costs more than the rest). */
static void rules(const struct jc_spec *s) {
    char err[2048];
    nft_load(s->path);
    if (*s->nft_create && nft_run(s->nft_create, err, sizeof err) == 0) return;
    if (nft_run(s->nft_replace, err, sizeof err) != 0)
        jc_fail("inside", 0, s->path, "applying DNS rules in %s failed: %s", s->path, err);
}

static void container_end(int fd, const struct jc_veth *v) {
    int index = (int)if_nametoindex(v->ifname);
    if (!index) jc_fail("veths", errno, "", "looking up link \"%s\" in the container's namespace", v->ifname);
    for (int i = 0; i < v->naddrs; i++) jc_rtnl_add_addr(fd, index, v->ifname, v->addrs[i]);
    jc_rtnl_link_up(fd, v->ifname);
    for (int i = 0; i < v->nroutes; i++) jc_rtnl_default_route(fd, v->routes[i]);
}

int main(void) {
    size_t len;
    char *buf = read_spec(&len), err[256];
    struct jc_spec s;
    if (jc_parse_spec(buf, len, &s, err, sizeof err) != 0) jc_fail("spec", EINVAL, "", "%s", err);

    host_fd = jc_rtnl_open();
    for (int i = 0; i < s.nveths; i++) {
        struct jc_veth *v = &s.veths[i];
        v->bridge_index = (int)if_nametoindex(v->bridge);
        if (!v->bridge_index) jc_fail("open", errno, "", "looking up link \"%s\"", v->bridge);
    }

    int ns_fd = netns(&s);
    int inside_fd = jc_rtnl_open();
    if (s.localnet) route_localnet(s.path);
    if (s.nft_replace) rules(&s);

    for (int i = 0; i < s.nveths; i++) {
        jc_rtnl_new_veth(host_fd, &s.veths[i], ns_fd, s.path);
        made[nmade++] = s.veths[i].host;
    }
    jc_rtnl_link_up(inside_fd, "lo");
    for (int i = 0; i < s.nveths; i++) container_end(inside_fd, &s.veths[i]);

    printf("{\"ok\":true}\n");
    return fflush(stdout) == 0 ? 0 : 1;
}
