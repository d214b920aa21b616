/* Parsing of the launcher spec: NUL-terminated strings, "key value..." entries. */
#include "launcher.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cursor { char *p, *end; };

static const char *next(struct cursor *c) {
    if (c->p >= c->end) return NULL;
    char *s = c->p;
    char *nul = memchr(s, '\0', (size_t)(c->end - s));
    if (!nul) return NULL;
    c->p = nul + 1;
    return s;
}

static char *read_all(int fd, size_t *len) {
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (n == cap) {
            if (cap > (64u << 20)) { free(buf); errno = E2BIG; return NULL; }
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown) { free(buf); return NULL; }
            buf = grown;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { free(buf); return NULL; }
        if (r == 0) break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

#define PUSH(arr, count, max, value) do { \
        if ((count) >= (max)) { errno = E2BIG; return -1; } (arr)[(count)++] = (value); } while (0)

static int need(const char **v) { if (!*v) { errno = EINVAL; return -1; } return 0; }

/* Fills spec from fd; returns 0, or -1 with errno set (EINVAL: malformed, with key in *bad). */
int jc_spec_read(int fd, struct jc_spec *s) {
    size_t len;
    char *buf = read_all(fd, &len);
    if (!buf) return -1;
    memset(s, 0, sizeof *s);
    s->seccomp = 1;
    s->no_new_privs = 1;
    s->shm_size = 64L << 20;
    s->cwd = "/";
    s->uid = "0";
    s->target_pidfd = -1;
    s->userns_fd = -1;
    s->gid = "0";
    struct cursor c = { buf, buf + len };
    const char *key;
    while ((key = next(&c)) != NULL) {
        const char *v = next(&c);
        if (need(&v)) return -1;
        if (!strcmp(key, "mode")) s->mode = strcmp(v, "exec") ? JC_MODE_RUN : JC_MODE_EXEC;
        else if (!strcmp(key, "id")) s->id = v;
        else if (!strcmp(key, "state_dir")) s->state_dir = v;
        else if (!strcmp(key, "log_path")) s->log_path = v;
        else if (!strcmp(key, "attach_socket")) s->attach_socket = v;
        else if (!strcmp(key, "log_max_size")) s->log_max_size = atol(v);
        else if (!strcmp(key, "log_max_files")) s->log_max_files = atoi(v);
        else if (!strcmp(key, "rootfs")) s->rootfs = v;
        else if (!strcmp(key, "lower")) PUSH(s->lower, s->n_lower, JC_MAX_LIST, v);
        else if (!strcmp(key, "upper")) s->upper = v;
        else if (!strcmp(key, "work")) s->work = v;
        else if (!strcmp(key, "readonly_rootfs")) s->readonly_rootfs = atoi(v);
        else if (!strcmp(key, "ns")) PUSH(s->ns, s->n_ns, 16, v);
        else if (!strcmp(key, "netns_path")) s->netns_path = v;
        else if (!strcmp(key, "join_ns")) {
            if (s->n_joins >= 3 || (strcmp(v, "pid") && strcmp(v, "ipc") && strcmp(v, "net"))) { errno = EINVAL; return -1; }
            struct jc_join *j = &s->joins[s->n_joins++];
            j->ns = v; j->pid = next(&c); j->start = next(&c); j->pidfd = -1;
            if (need(&j->pid) || need(&j->start)) return -1;
        }
        else if (!strcmp(key, "device_rule")) {
            if (s->n_device_rules >= JC_MAX_DEVICES) { errno = E2BIG; return -1; }
            struct jc_device_rule *r = &s->device_rules[s->n_device_rules++];
            const char *major = next(&c), *minor = next(&c), *perms = next(&c);
            if (need(&major) || need(&minor) || need(&perms)) return -1;
            if (strcmp(v, "a") && strcmp(v, "b") && strcmp(v, "c")) { errno = EINVAL; return -1; }
            r->type = v[0]; r->major = atoi(major); r->minor = atoi(minor); r->perms = perms;
        }
        else if (!strcmp(key, "device")) {
            if (s->n_devices >= JC_MAX_DEVICES) { errno = E2BIG; return -1; }
            struct jc_device *d = &s->devices[s->n_devices++];
            const char *f[7];
            for (int i = 0; i < 7; i++) { f[i] = next(&c); if (need(&f[i])) return -1; }
            if ((strcmp(v, "c") && strcmp(v, "b")) || strncmp(f[6], "/dev/", 5)) { errno = EINVAL; return -1; }
            d->type = v[0];
            d->major = (unsigned)strtoul(f[0], NULL, 10); d->minor = (unsigned)strtoul(f[1], NULL, 10);
            d->mode = (unsigned)strtoul(f[2], NULL, 10) & 07777;
            d->uid = (unsigned)strtoul(f[3], NULL, 10); d->gid = (unsigned)strtoul(f[4], NULL, 10);
            d->perms = f[5]; d->path = f[6];
        }
        else if (!strcmp(key, "target_pid")) s->target_pid = v;
        else if (!strcmp(key, "target_start")) s->target_start = v;
        else if (!strcmp(key, "cgroup_procs")) PUSH(s->cgroup_procs, s->n_cgroup_procs, JC_MAX_LIST, v);
        else if (!strcmp(key, "oom_file")) s->oom_file = v;
        else if (!strcmp(key, "devices_dir")) s->devices_dir = v;
        else if (!strcmp(key, "devices_bpf")) s->devices_bpf = v;
        else if (!strcmp(key, "mount")) {
            if (s->n_mounts >= JC_MAX_LIST) { errno = E2BIG; return -1; }
            struct jc_mount *m = &s->mounts[s->n_mounts++];
            m->type = v;
            m->source = next(&c); m->target = next(&c); m->options = next(&c); m->data = next(&c);
            if (need(&m->source) || need(&m->target) || need(&m->options) || need(&m->data)) return -1;
        }
        else if (!strcmp(key, "masked")) PUSH(s->masked, s->n_masked, JC_MAX_LIST, v);
        else if (!strcmp(key, "readonly")) PUSH(s->readonly, s->n_readonly, JC_MAX_LIST, v);
        else if (!strcmp(key, "shm_size")) s->shm_size = atol(v);
        else if (!strcmp(key, "hostname")) s->hostname = v;
        else if (!strcmp(key, "domainname")) s->domainname = v;
        else if (!strcmp(key, "sysctl")) {
            if (s->n_sysctls >= JC_MAX_LIST) { errno = E2BIG; return -1; }
            struct jc_pair *p = &s->sysctls[s->n_sysctls++];
            p->key = v; p->value = next(&c);
            if (need(&p->value)) return -1;
        }
        else if (!strcmp(key, "rlimit")) {
            if (s->n_rlimits >= 32) { errno = E2BIG; return -1; }
            struct jc_rlimit *r = &s->rlimits[s->n_rlimits++];
            r->name = v; r->soft = next(&c); r->hard = next(&c);
            if (need(&r->soft) || need(&r->hard)) return -1;
        }
        else if (!strcmp(key, "cap")) PUSH(s->caps, s->n_caps, 64, v);
        else if (!strcmp(key, "seccomp")) s->seccomp = atoi(v);
        else if (!strcmp(key, "privileged")) s->privileged = atoi(v);
        else if (!strcmp(key, "seccomp_cache")) s->seccomp_cache = v;
        else if (!strcmp(key, "no_new_privs")) s->no_new_privs = atoi(v);
        else if (!strcmp(key, "uid")) s->uid = v;
        else if (!strcmp(key, "gid")) s->gid = v;
        else if (!strcmp(key, "group")) PUSH(s->groups, s->n_groups, JC_MAX_LIST, v);
        else if (!strcmp(key, "uid_map")) PUSH(s->uid_map, s->n_uid_map, JC_MAX_LIST, v);
        else if (!strcmp(key, "gid_map")) PUSH(s->gid_map, s->n_gid_map, JC_MAX_LIST, v);
        else if (!strcmp(key, "cwd")) s->cwd = v;
        else if (!strcmp(key, "arg")) PUSH(s->args, s->n_args, JC_MAX_LIST, v);
        else if (!strcmp(key, "env")) PUSH(s->env, s->n_env, JC_MAX_LIST * 4 - 1, v);
        else if (!strcmp(key, "tty")) s->tty = atoi(v);
        else if (!strcmp(key, "tty_rows")) s->tty_rows = atoi(v);
        else if (!strcmp(key, "tty_cols")) s->tty_cols = atoi(v);
        else if (!strcmp(key, "stdin")) s->open_stdin = atoi(v);
        else if (!strcmp(key, "stdin_once")) s->stdin_once = atoi(v);
        else { errno = ENOENT; s->id = key; return -1; }
    }
    if (s->n_args == 0 || !s->state_dir) { errno = EINVAL; return -1; }
    if (s->mode == JC_MODE_RUN && (!s->rootfs || s->n_lower == 0 || !s->upper || !s->work)) {
        errno = EINVAL; return -1;
    }
    if (s->mode == JC_MODE_EXEC && !s->target_pid) { errno = EINVAL; return -1; }
    if ((s->n_uid_map > 0) != (s->n_gid_map > 0)) { errno = EINVAL; return -1; }
    return 0;
}

int jc_new_ns(const struct jc_spec *s, const char *ns) {
    for (int i = 0; i < s->n_ns; i++) if (!strcmp(s->ns[i], ns)) return 1;
    return 0;
}

const struct jc_join *jc_join_of(const struct jc_spec *s, const char *ns) {
    for (int i = 0; i < s->n_joins; i++) if (!strcmp(s->joins[i].ns, ns)) return &s->joins[i];
    return NULL;
}
