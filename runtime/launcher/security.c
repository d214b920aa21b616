/* Process hardening: sysctls, rlimits, user and groups, capabilities, seccomp. */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef JC_HAVE_SECCOMP
#include "seccomp_default.h"
#endif

static const char *const cap_names[] = {
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
    "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
    "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
    "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
    "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
    "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
#define N_CAPS ((int)(sizeof cap_names / sizeof cap_names[0]))

void jc_apply_sysctls(const struct jc_spec *s, int errfd) {
    for (int i = 0; i < s->n_sysctls; i++) {
        char path[512];
        snprintf(path, sizeof path, "/proc/sys/%s", s->sysctls[i].key);
        for (char *p = path + strlen("/proc/sys/"); *p; p++) if (*p == '.') *p = '/';
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) jc_fail(errfd, "sysctl", errno, path, "sysctl \"%s\"", s->sysctls[i].key);
        size_t len = strlen(s->sysctls[i].value);
        if (write(fd, s->sysctls[i].value, len) != (ssize_t)len)
            jc_fail(errfd, "sysctl", errno, path, "sysctl \"%s\"=\"%s\"", s->sysctls[i].key, s->sysctls[i].value);
        close(fd);
    }
}

static int rlimit_resource(const char *name) {
    static const struct { const char *n; int r; } table[] = {
        {"core", RLIMIT_CORE}, {"cpu", RLIMIT_CPU}, {"data", RLIMIT_DATA}, {"fsize", RLIMIT_FSIZE},
        {"locks", RLIMIT_LOCKS}, {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE},
        {"nice", RLIMIT_NICE}, {"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC}, {"rss", RLIMIT_RSS},
        {"rtprio", RLIMIT_RTPRIO}, {"rttime", RLIMIT_RTTIME}, {"sigpending", RLIMIT_SIGPENDING},
        {"stack", RLIMIT_STACK}, {"as", RLIMIT_AS},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].n, name)) return table[i].r;
    return -1;
}

static rlim_t parse_limit(const char *v) { return (!strcmp(v, "-1") || !strcmp(v, "unlimited")) ? RLIM_INFINITY : strtoull(v, NULL, 10); }

/* Limits may only go down: without CAP_SYS_RESOURCE the hard limit is a ceiling. */
void jc_apply_rlimits(const struct jc_spec *s, int errfd) {
    for (int i = 0; i < s->n_rlimits; i++) {
        int res = rlimit_resource(s->rlimits[i].name);
        if (res < 0) jc_fail(errfd, "rlimit", EINVAL, NULL, "unknown ulimit \"%s\"", s->rlimits[i].name);
        struct rlimit cur, want = { parse_limit(s->rlimits[i].soft), parse_limit(s->rlimits[i].hard) };
        getrlimit(res, &cur);
        if (want.rlim_max > cur.rlim_max || want.rlim_cur > want.rlim_max)
            jc_fail(errfd, "rlimit", EPERM, NULL,
                    "ulimit \"%s\" %s:%s is above the hard limit %llu the engine runs with",
                    s->rlimits[i].name, s->rlimits[i].soft, s->rlimits[i].hard,
                    (unsigned long long)cur.rlim_max);
        if (setrlimit(res, &want) < 0) jc_fail(errfd, "rlimit", errno, NULL, "setrlimit %s", s->rlimits[i].name);
    }
}

static int cap_number(const char *name) {
    const char *n = strncasecmp(name, "CAP_", 4) ? name : name + 4;
    for (int i = 0; i < N_CAPS; i++) if (!strcasecmp(cap_names[i], n)) return i;
    return -1;
}

static void caps_wanted(const struct jc_spec *s, unsigned long long *mask, int errfd) {
    *mask = 0;
    for (int i = 0; i < s->n_caps; i++) {
        if (!strcasecmp(s->caps[i], "ALL")) { *mask = ~0ULL; return; }
        int c = cap_number(s->caps[i]);
        if (c < 0) jc_fail(errfd, "capabilities", EINVAL, NULL, "unknown capability \"%s\"", s->caps[i]);
        *mask |= 1ULL << c;
    }
}

/* A decimal id below 2^32 - 1: (uid_t)-1 would mean "unchanged" to setresuid(2), i.e. root. */
static unsigned long parse_id(const char *text, const char *what, int errfd) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-' || v >= 0xffffffffUL)
        jc_fail(errfd, "user", EINVAL, NULL, "invalid %s \"%s\"", what, text);
    return v;
}

void jc_apply_identity_and_caps(const struct jc_spec *s, int errfd) {
    unsigned long long want;
    caps_wanted(s, &want, errfd);
    int last = N_CAPS - 1;
    while (last > 0 && prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0) last--;
    /* bounding set first (needs CAP_SETPCAP), then identity, then the process sets */
    for (int c = 0; c <= 63; c++) {
        if (want & (1ULL << c)) continue;
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1) continue;
        if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) jc_fail(errfd, "capabilities", errno, NULL, "drop bounding cap %d", c);
    }
    gid_t groups[JC_MAX_LIST];
    for (int i = 0; i < s->n_groups; i++) groups[i] = (gid_t)parse_id(s->groups[i], "group", errfd);
    uid_t uid = (uid_t)parse_id(s->uid, "uid", errfd);
    gid_t gid = (gid_t)parse_id(s->gid, "gid", errfd);
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) jc_fail(errfd, "user", errno, NULL, "keepcaps");
    if (setgroups((size_t)s->n_groups, groups) < 0) jc_fail(errfd, "user", errno, NULL, "setgroups");
    if (setresgid(gid, gid, gid) < 0) jc_fail(errfd, "user", errno, NULL, "setgid %u", gid);
    if (setresuid(uid, uid, uid) < 0) jc_fail(errfd, "user", errno, NULL, "setuid %u", uid);
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) < 0) jc_fail(errfd, "capabilities", errno, NULL, "capget");
    unsigned long long held = ((unsigned long long)data[1].permitted << 32) | data[0].permitted;
    unsigned long long keep = want & held;
    data[0].effective = data[0].permitted = (unsigned)keep;
    data[1].effective = data[1].permitted = (unsigned)(keep >> 32);
    data[0].inheritable = data[1].inheritable = 0;
    if (syscall(SYS_capset, &hdr, data) < 0) jc_fail(errfd, "capabilities", errno, NULL, "capset");
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    (void)last;
}

#ifdef JC_HAVE_SECCOMP
static struct jc_seccomp_filter *prepared;
#endif

/* The capabilities the process will hold: the wanted set within the current bounding set. */
static unsigned long long final_caps(const struct jc_spec *s, int errfd) {
    unsigned long long want, bounding = 0;
    caps_wanted(s, &want, errfd);
    for (int c = 0; c <= 63; c++)
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1) bounding |= 1ULL << c;
    return want & bounding;
}

/*
 * Compiles (or loads from the cache) the default filter for the final capability set while
 * the host's file system is still reachable; installed by jc_apply_seccomp before execve.
 */
void jc_prepare_seccomp(const struct jc_spec *s, int errfd) {
    if (!s->seccomp) return;
#ifdef JC_HAVE_SECCOMP
    const char *cache = s->seccomp_cache && *s->seccomp_cache ? s->seccomp_cache : NULL;
    int rc = jc_seccomp_prepare_default(final_caps(s, errfd), cache, &prepared);
    if (rc < 0) jc_fail(errfd, "seccomp", -rc, cache, "cannot build the default seccomp filter");
#else
    (void)final_caps;
    jc_fail(errfd, "seccomp", ENOSYS, NULL,
            "this launcher was built without seccomp support; run with seccomp=unconfined or rebuild with libseccomp");
#endif
}

void jc_apply_seccomp(const struct jc_spec *s, int errfd) {
    if (!s->seccomp) return;
#ifdef JC_HAVE_SECCOMP
    int rc = prepared ? jc_seccomp_install_prepared(prepared) : jc_seccomp_install_default();
    if (rc != 0) jc_fail(errfd, "seccomp", rc < 0 ? -rc : rc, NULL, "cannot install the default seccomp filter");
#else
    (void)errfd;
#endif
}
