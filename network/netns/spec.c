/*
 * The spec jcompose-netns reads on stdin: one directive a line, fields separated by one space, in this order:
 *
 *   create PATH | enter PATH           first line: a new netns bound on PATH (an existing empty file), or the
 *                                      netns bound on PATH; the rest of the line is the path
 *   localnet                           write net.ipv4.conf.all.route_localnet=1 in it (only with DNS rules)
 *   veth HOST BRIDGE IFNAME MAC MTU    a veth pair, MTU 0 for the kernel's default; then its
 *   addr CIDR                            addresses (a.b.c.d/len or IPv6, nodad) and
 *   route GATEWAY                        default routes (create or replace), in the container's netns
 *   nft CREATE REPLACE                 last: CREATE bytes of an nft script tried first (may be 0), then REPLACE
 *                                      bytes of the script run when that fails or is empty
 *
 * Nothing is decided here: every step the spec names is done, in the order of main.c.
 */
#define _GNU_SOURCE
#include "netns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits the line at spaces into at most max fields; returns the count. */
static int fields(char *line, char **f, int max) {
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save)) f[n++] = t;
    return n;
}

int jc_parse_spec(char *buf, size_t len, struct jc_spec *spec, char *err, size_t errsize) {
    char *p = buf, *end = buf + len;
    memset(spec, 0, sizeof *spec);
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) { snprintf(err, errsize, "spec line without a newline: \"%.40s\"", p); return -1; }
        *nl = '\0';
        char *line = p;
        p = nl + 1;
        if (!spec->path) {
            if (strncmp(line, "create ", 7) == 0) spec->create = 1;
            else if (strncmp(line, "enter ", 6) != 0) {
                snprintf(err, errsize, "spec must start with create or enter: \"%.40s\"", line);
                return -1;
            }
            spec->path = line + (spec->create ? 7 : 6);
            continue;
        }
        char *f[7];
        int n = fields(line, f, 7);
        struct jc_veth *v = spec->nveths ? &spec->veths[spec->nveths - 1] : NULL;
        if (n == 1 && strcmp(f[0], "localnet") == 0) {
            spec->localnet = 1;
        } else if (n == 6 && strcmp(f[0], "veth") == 0) {
            if (spec->nveths == JC_MAX_VETHS) { snprintf(err, errsize, "more than %d veths", JC_MAX_VETHS); return -1; }
            v = &spec->veths[spec->nveths++];
            v->host = f[1]; v->bridge = f[2]; v->ifname = f[3]; v->mac = f[4];
            v->mtu = (unsigned)strtoul(f[5], NULL, 10);
        } else if (n == 2 && strcmp(f[0], "addr") == 0 && v && v->naddrs < JC_MAX_ADDRS) {
            v->addrs[v->naddrs++] = f[1];
        } else if (n == 2 && strcmp(f[0], "route") == 0 && v && v->nroutes < JC_MAX_ROUTES) {
            v->routes[v->nroutes++] = f[1];
        } else if (n == 3 && strcmp(f[0], "nft") == 0) {
            size_t c = strtoul(f[1], NULL, 10), r = strtoul(f[2], NULL, 10);
            if (c + r != (size_t)(end - p)) {
                snprintf(err, errsize, "nft scripts of %zu and %zu bytes, but %zu bytes follow", c, r,
                         (size_t)(end - p));
                return -1;
            }
            /* each script becomes a string of its own: the byte after the create script is copied away */
            char *create = malloc(c + 1), *replace = malloc(r + 1);
            if (!create || !replace) { snprintf(err, errsize, "out of memory"); return -1; }
            memcpy(create, p, c); create[c] = '\0';
            memcpy(replace, p + c, r); replace[r] = '\0';
            spec->nft_create = create;
            spec->nft_replace = replace;
            p = end;
        } else {
            snprintf(err, errsize, "bad spec line: \"%.60s\"", line);
            return -1;
        }
    }
    if (!spec->path || !*spec->path) { snprintf(err, errsize, "empty spec"); return -1; }
    return 0;
}
