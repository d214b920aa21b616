/*
 * The default seccomp filter (see seccomp_default.h): Docker's default profile, written as
 * tables of syscall names grouped by what they are for, plus the rules that look at
 * arguments, capabilities, the architecture and the kernel version.
 *
 * Build: gcc -O2 -c seccomp_default.c && link with -lseccomp (libseccomp.a for -static).
 */
#define _GNU_SOURCE
#include "seccomp_default.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* clone(2) flags that create namespaces: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET */
#define JC_NAMESPACE_FLAGS 0x7E020000ULL
/* socket(2) families the profile refuses without exception: AF_ALG (38) and AF_VSOCK (40) */
#define JC_AF_ALG 38
#define JC_AF_VSOCK 40

/* Files, directories, links, attributes and descriptors. */
static const char *const files[] = {
    "open", "openat", "openat2", "creat", "close", "close_range", "read", "write", "readv",
    "writev", "pread64", "pwrite64", "preadv", "preadv2", "pwritev", "pwritev2", "lseek",
    "_llseek", "dup", "dup2", "dup3", "fcntl", "fcntl64", "ioctl", "flock", "fsync",
    "fdatasync", "sync", "syncfs", "sync_file_range", "truncate", "truncate64", "ftruncate",
    "ftruncate64", "fallocate", "fadvise64", "fadvise64_64", "readahead", "sendfile",
    "sendfile64", "splice", "tee", "vmsplice", "copy_file_range",
    "stat", "stat64", "lstat", "lstat64", "fstat", "fstat64", "fstatat64", "newfstatat",
    "statx", "statfs", "statfs64", "fstatfs", "fstatfs64", "access", "faccessat", "faccessat2",
    "getdents", "getdents64", "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir",
    "mknod", "mknodat", "link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat",
    "rename", "renameat", "renameat2", "readlink", "readlinkat", "umask",
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "chown32", "fchown", "fchown32",
    "fchownat", "lchown", "lchown32", "utime", "utimes", "utimensat", "utimensat_time64",
    "futimesat", "name_to_handle_at",
    "getxattr", "lgetxattr", "fgetxattr", "getxattrat", "setxattr", "lsetxattr", "fsetxattr",
    "setxattrat", "listxattr", "llistxattr", "flistxattr", "listxattrat", "removexattr",
    "lremovexattr", "fremovexattr", "removexattrat",
    "statmount", "listmount",
    NULL
};

/* Waiting for descriptors, events and asynchronous I/O. */
static const char *const events[] = {
    "select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64",
    "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_wait",
    "epoll_wait_old", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "signalfd",
    "signalfd4", "timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime",
    "timerfd_gettime64", "inotify_init", "inotify_init1", "inotify_add_watch",
    "inotify_rm_watch", "fanotify_mark", "pipe", "pipe2",
    "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents",
    "io_pgetevents_time64",
    NULL
};

/* Memory. */
static const char *const memory[] = {
    "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync",
    "mlock", "mlock2", "mlockall", "munlock", "munlockall", "remap_file_pages", "membarrier",
    "memfd_create", "memfd_secret", "pkey_alloc", "pkey_free", "pkey_mprotect",
    "map_shadow_stack", "mseal",
    NULL
};

/* Processes, threads, identity, limits and scheduling. */
static const char *const processes[] = {
    "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid", "waitpid",
    "getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid",
    "set_tid_address", "set_robust_list", "get_robust_list", "rseq", "restart_syscall",
    "futex", "futex_time64", "futex_waitv", "futex_wait", "futex_wake", "futex_requeue",
    "get_thread_area", "set_thread_area", "prctl", "capget", "capset", "seccomp",
    "getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid",
    "getegid32", "getresuid", "getresuid32", "getresgid", "getresgid32", "getgroups",
    "getgroups32", "setuid", "setuid32", "setgid", "setgid32", "setreuid", "setreuid32",
    "setregid", "setregid32", "setresuid", "setresuid32", "setresgid", "setresgid32",
    "setfsuid", "setfsuid32", "setfsgid", "setfsgid32", "setgroups", "setgroups32",
    "getrlimit", "ugetrlimit", "setrlimit", "prlimit64", "getrusage", "getpriority",
    "setpriority", "ioprio_get", "ioprio_set", "sched_yield", "sched_getaffinity",
    "sched_setaffinity", "sched_getattr", "sched_setattr", "sched_getparam",
    "sched_setparam", "sched_getscheduler", "sched_setscheduler", "sched_get_priority_max",
    "sched_get_priority_min", "sched_rr_get_interval", "sched_rr_get_interval_time64",
    "getcpu", "pidfd_open", "pidfd_send_signal", "process_mrelease",
    "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
    "uname", "sysinfo", "getrandom", "cachestat", "riscv_hwprobe", "uretprobe",
    NULL
};

/* Signals, timers and clocks (reading them; setting the clock needs CAP_SYS_TIME). */
static const char *const signals_and_time[] = {
    "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigpending",
    "rt_sigqueueinfo", "rt_tgsigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
    "rt_sigtimedwait", "rt_sigtimedwait_time64", "sigaltstack", "sigprocmask", "sigreturn",
    "pause", "alarm", "nanosleep", "clock_nanosleep", "clock_nanosleep_time64",
    "clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
    "clock_adjtime", "clock_adjtime64", "adjtimex", "gettimeofday", "time", "times",
    "getitimer", "setitimer", "timer_create", "timer_delete", "timer_getoverrun",
    "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
    NULL
};

/* Sockets (socket itself is filtered by family below) and System V / POSIX IPC. */
static const char *const ipc[] = {
    "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname",
    "getpeername", "getsockopt", "setsockopt", "shutdown", "send", "sendto", "sendmsg",
    "sendmmsg", "recv", "recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64", "socketcall",
    "ipc", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop",
    "semtimedop_time64", "semctl", "shmget", "shmat", "shmdt", "shmctl", "mq_open",
    "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive",
    "mq_timedreceive_time64", "mq_notify", "mq_getsetattr",
    NULL
};

/* Calls that exist only on the build's native architecture family. */
static const char *const native_arch[] = {
#if defined(__x86_64__)
    "arch_prctl", "modify_ldt",
#elif defined(__i386__)
    "modify_ldt",
#elif defined(__aarch64__) || defined(__arm__)
    "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush",
    "set_tls",
#elif defined(__powerpc64__)
    "sync_file_range2", "swapcontext",
#elif defined(__s390x__) || defined(__s390__)
    "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr",
#elif defined(__riscv)
    "riscv_flush_icache",
#endif
    NULL
};

/* Allowed on kernels since 4.8, where seccomp runs after ptrace and cannot be bypassed by it. */
static const char *const tracing[] = { "ptrace", "process_vm_readv", "process_vm_writev", NULL };

/* What each capability unlocks. */
static const char *const with_sys_admin[] = {
    "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
    "lookup_dcookie", "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount",
    "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl", "quotactl_fd",
    "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare", NULL
};
static const char *const with_dac_read_search[] = { "open_by_handle_at", NULL };
static const char *const with_sys_boot[] = { "reboot", NULL };
static const char *const with_sys_chroot[] = { "chroot", NULL };
static const char *const with_sys_module[] = { "init_module", "finit_module", "delete_module", NULL };
static const char *const with_sys_pacct[] = { "acct", NULL };
static const char *const with_sys_ptrace[] = {
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "kcmp", "pidfd_getfd", NULL
};
static const char *const with_sys_rawio[] = { "iopl", "ioperm", NULL };
static const char *const with_sys_time[] = { "settimeofday", "stime", "clock_settime", "clock_settime64", NULL };
static const char *const with_sys_tty_config[] = { "vhangup", NULL };
static const char *const with_sys_nice[] = {
    "get_mempolicy", "set_mempolicy", "set_mempolicy_home_node", "mbind", NULL
};
static const char *const with_syslog[] = { "syslog", NULL };
static const char *const with_bpf[] = { "bpf", NULL };
static const char *const with_perfmon[] = { "perf_event_open", NULL };

static const struct {
    int cap;
    const char *const *names;
} by_capability[] = {
    { CAP_SYS_ADMIN, with_sys_admin },     { CAP_DAC_READ_SEARCH, with_dac_read_search },
    { CAP_SYS_BOOT, with_sys_boot },       { CAP_SYS_CHROOT, with_sys_chroot },
    { CAP_SYS_MODULE, with_sys_module },   { CAP_SYS_PACCT, with_sys_pacct },
    { CAP_SYS_PTRACE, with_sys_ptrace },   { CAP_SYS_RAWIO, with_sys_rawio },
    { CAP_SYS_TIME, with_sys_time },       { CAP_SYS_TTY_CONFIG, with_sys_tty_config },
    { CAP_SYS_NICE, with_sys_nice },       { CAP_SYSLOG, with_syslog },
    { CAP_BPF, with_bpf },                 { CAP_PERFMON, with_perfmon },
};

/*
 * Numbers of calls newer than the libseccomp this was built with may know (2.5.4 stops
 * before these). Since Linux 5.1 new calls share one number on x86_64, i386 and the generic
 * table (arm64, riscv64), so they can be given by number on the native architecture.
 */
static const struct {
    const char *name;
    int nr;
} newer_calls[] = {
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
    { "statmount", 457 },        { "listmount", 458 },         { "lsm_get_self_attr", 459 },
    { "lsm_set_self_attr", 460 }, { "lsm_list_modules", 461 }, { "mseal", 462 },
    { "setxattrat", 463 },       { "getxattrat", 464 },        { "listxattrat", 465 },
    { "removexattrat", 466 },
#endif
#if defined(__x86_64__)
    { "uretprobe", 335 },
#endif
    { NULL, 0 },
};

/* Numbers above the newest call the profile knows answer ENOSYS, as Docker's runc does, so
 * that a libc probing a call this kernel or filter does not know falls back instead of failing. */
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
#define JC_FIRST_UNKNOWN_NR 467
#define JC_LAST_UNKNOWN_NR 511
#endif

static int syscall_number(const char *name, int native) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr != __NR_SCMP_ERROR || !native) return nr;
    for (int i = 0; newer_calls[i].name; i++)
        if (!strcmp(newer_calls[i].name, name)) return newer_calls[i].nr;
    return __NR_SCMP_ERROR;
}

static int add(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned n_args, const struct scmp_arg_cmp *args) {
    int rc = seccomp_rule_add_array(ctx, action, nr, n_args, args);
    return rc == -EEXIST ? 0 : rc;
}

static int allow_all(scmp_filter_ctx ctx, int native, const char *const *names) {
    for (; *names; names++) {
        int nr = syscall_number(*names, native);
        if (nr == __NR_SCMP_ERROR) continue; /* unknown to libseccomp and to us: stays denied */
        int rc = add(ctx, SCMP_ACT_ALLOW, nr, 0, NULL);
        if (rc < 0) return rc;
    }
    return 0;
}

static int kernel_at_least(int major, int minor) {
    struct utsname u;
    int ma = 0, mi = 0;
    if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2) return 0;
    return ma > major || (ma == major && mi >= minor);
}

static int has(uint64_t caps, int cap) { return (caps >> cap) & 1; }

/* The rules that look at arguments. */
static int add_argument_rules(scmp_filter_ctx ctx, uint64_t caps) {
    int rc;
    const struct scmp_arg_cmp below_alg = SCMP_A0(SCMP_CMP_LT, JC_AF_ALG);
    const struct scmp_arg_cmp between = SCMP_A0(SCMP_CMP_EQ, JC_AF_ALG + 1);
    const struct scmp_arg_cmp above_vsock = SCMP_A0(SCMP_CMP_GT, JC_AF_VSOCK);
    if ((rc = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, &below_alg)) < 0) return rc;
    if ((rc = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, &between)) < 0) return rc;
    if ((rc = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, &above_vsock)) < 0) return rc;

    /* personality(2): Linux, 32-bit Linux, UNAME26 (with and without 32-bit) and the query */
    static const uint64_t personas[] = { 0x0, 0x8, 0x20000, 0x20008, 0xffffffffULL };
    for (size_t i = 0; i < sizeof personas / sizeof personas[0]; i++) {
        const struct scmp_arg_cmp eq = SCMP_A0(SCMP_CMP_EQ, personas[i]);
        if ((rc = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(personality), 1, &eq)) < 0) return rc;
    }

    if (has(caps, CAP_SYS_ADMIN)) return 0; /* clone and clone3 are allowed outright then */
#if defined(__s390x__) || defined(__s390__)
    const struct scmp_arg_cmp no_ns = SCMP_A1(SCMP_CMP_MASKED_EQ, JC_NAMESPACE_FLAGS, 0);
#else
    const struct scmp_arg_cmp no_ns = SCMP_A0(SCMP_CMP_MASKED_EQ, JC_NAMESPACE_FLAGS, 0);
#endif
    if ((rc = add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1, &no_ns)) < 0) return rc;
    /* clone3 passes its flags in memory where seccomp cannot look: ENOSYS makes libc use clone */
    return add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL);
}

static int add_rules(scmp_filter_ctx ctx, int native, uint64_t caps) {
    const char *const *const always[] = { files, events, memory, processes, signals_and_time, ipc, native_arch };
    int rc;
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        if ((rc = allow_all(ctx, native, always[i])) < 0) return rc;
    if (kernel_at_least(4, 8) && (rc = allow_all(ctx, native, tracing)) < 0) return rc;
    for (size_t i = 0; i < sizeof by_capability / sizeof by_capability[0]; i++)
        if (has(caps, by_capability[i].cap) && (rc = allow_all(ctx, native, by_capability[i].names)) < 0) return rc;
    if ((rc = add_argument_rules(ctx, caps)) < 0) return rc;
#ifdef JC_FIRST_UNKNOWN_NR
    if (native)
        for (int nr = JC_FIRST_UNKNOWN_NR; nr <= JC_LAST_UNKNOWN_NR; nr++)
            if ((rc = add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0, NULL)) < 0) return rc;
#endif
    return 0;
}

/* The compatibility ABIs a native architecture also runs (the profile's archMap). */
static int add_compat_arches(scmp_filter_ctx ctx) {
    uint32_t native = seccomp_arch_native();
    uint32_t compat[2] = { 0, 0 };
    if (native == SCMP_ARCH_X86_64) { compat[0] = SCMP_ARCH_X86; compat[1] = SCMP_ARCH_X32; }
    else if (native == SCMP_ARCH_AARCH64) compat[0] = SCMP_ARCH_ARM;
    else if (native == SCMP_ARCH_S390X) compat[0] = SCMP_ARCH_S390;
    else if (native == SCMP_ARCH_MIPS64) { compat[0] = SCMP_ARCH_MIPS; compat[1] = SCMP_ARCH_MIPS64N32; }
    else if (native == SCMP_ARCH_MIPSEL64) { compat[0] = SCMP_ARCH_MIPSEL; compat[1] = SCMP_ARCH_MIPSEL64N32; }
    int added = 0;
    for (int i = 0; i < 2; i++) {
        if (!compat[i]) continue;
        int rc = seccomp_arch_add(ctx, compat[i]);
        if (rc < 0 && rc != -EEXIST) return rc;
        added++;
    }
    return added;
}

static scmp_filter_ctx new_filter(void) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    /* no_new_privs is the launcher's decision (see the header), never a side effect of this */
    /* a binary tree of syscall numbers instead of a linear list: the kernel runs the filter
     * for every number of every ABI when it installs it (its action cache), and for each
     * call the cache cannot answer, so fewer comparisons make both cheaper */
    if (ctx && (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0
                || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) < 0)) {
        seccomp_release(ctx);
        return NULL;
    }
    return ctx;
}

/*
 * Builds the filter: one context for the native ABI (which can also name calls by number)
 * and one for the compatibility ABIs, merged into one program.
 */
static int build(uint64_t caps, scmp_filter_ctx *out) {
    scmp_filter_ctx native = new_filter(), compat = NULL;
    int rc = native ? add_rules(native, 1, caps) : -ENOMEM;
    if (rc < 0) goto fail;
    if (!(compat = new_filter())) { rc = -ENOMEM; goto fail; }
    if ((rc = seccomp_arch_remove(compat, SCMP_ARCH_NATIVE)) < 0) goto fail;
    if ((rc = add_compat_arches(compat)) < 0) goto fail;
    if (rc == 0) {
        seccomp_release(compat);
    } else {
        if ((rc = add_rules(compat, 0, caps)) < 0) goto fail;
        if ((rc = seccomp_merge(native, compat)) < 0) goto fail; /* releases compat on success */
    }
    *out = native;
    return 0;
fail:
    if (native) seccomp_release(native);
    if (compat) seccomp_release(compat);
    return rc;
}

uint64_t jc_seccomp_bounding_caps(void) {
    uint64_t caps = 0;
    for (int c = 0; c < 64; c++) {
        int r = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
        if (r < 0) break; /* past the kernel's last capability */
        if (r == 1) caps |= 1ULL << c;
    }
    return caps;
}

/* ---- compiled programs and their cache ---- */

struct jc_seccomp_filter {
    unsigned short len;
    struct sock_filter *insns;
};

#define JC_MAX_BPF_BYTES (BPF_MAXINSNS * sizeof(struct sock_filter))

static uint64_t fnv(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t fnv_names(uint64_t h, const char *const *names) {
    for (; *names; names++) h = fnv(h, *names, strlen(*names) + 1);
    return h;
}

/*
 * The cache key: everything the program depends on (every table, the capabilities, the
 * kernel rule, libseccomp's version and the architecture), so a changed list or library
 * never reuses an old program.
 */
static uint64_t cache_key(uint64_t caps) {
    const char *const *const tables[] = { files, events, memory, processes, signals_and_time, ipc, native_arch, tracing };
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) h = fnv_names(h, tables[i]);
    for (size_t i = 0; i < sizeof by_capability / sizeof by_capability[0]; i++) {
        h = fnv(h, &by_capability[i].cap, sizeof by_capability[i].cap);
        h = fnv_names(h, by_capability[i].names);
    }
    for (int i = 0; newer_calls[i].name; i++) {
        h = fnv(h, &newer_calls[i].nr, sizeof newer_calls[i].nr);
        h = fnv(h, newer_calls[i].name, strlen(newer_calls[i].name) + 1);
    }
    const struct scmp_version *v = seccomp_version();
    unsigned facts[] = { v ? v->major : 0, v ? v->minor : 0, v ? v->micro : 0, seccomp_arch_native(),
                         (unsigned)kernel_at_least(4, 8), JC_AF_ALG, JC_AF_VSOCK, 4 /* layout of this file */ };
    h = fnv(h, facts, sizeof facts);
    return fnv(h, &caps, sizeof caps);
}

/* Reads a whole compiled program of size bytes from fd, starting at offset. */
static int read_program(int fd, off_t offset, size_t size, struct jc_seccomp_filter **out) {
    if (size == 0 || size % sizeof(struct sock_filter) || size > JC_MAX_BPF_BYTES) return -EINVAL;
    struct jc_seccomp_filter *f = calloc(1, sizeof *f);
    if (!f || !(f->insns = malloc(size))) { free(f); return -ENOMEM; }
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, (char *)f->insns + got, size - got, offset + (off_t)got);
        if (n <= 0) { free(f->insns); free(f); return n < 0 ? -errno : -EIO; }
        got += (size_t)n;
    }
    f->len = (unsigned short)(size / sizeof(struct sock_filter));
    *out = f;
    return 0;
}

/* A cache file: this header, then the program. The checksum catches a damaged file. */
struct cache_header {
    char magic[8];
    uint64_t checksum;
};
static const char cache_magic[8] = "JCBPF01";

static uint64_t checksum(const struct jc_seccomp_filter *f) {
    return fnv(0xcbf29ce484222325ULL, f->insns, f->len * sizeof(struct sock_filter));
}

/* A cache file or directory is trusted only when root owns it and nobody else may write it. */
static int trusted(const struct stat *st) {
    return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

static int load_cached(int dir, const char *name, struct jc_seccomp_filter **out) {
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct stat st;
    struct cache_header h;
    int rc = 0;
    if (fstat(fd, &st) < 0) rc = -errno;
    else if (!S_ISREG(st.st_mode) || !trusted(&st)) rc = -EPERM;
    else if (st.st_size <= (off_t)sizeof h || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h
             || memcmp(h.magic, cache_magic, sizeof h.magic)) rc = -EINVAL;
    else rc = read_program(fd, sizeof h, (size_t)st.st_size - sizeof h, out);
    close(fd);
    if (rc == 0 && checksum(*out) != h.checksum) {
        jc_seccomp_free(*out);
        *out = NULL;
        rc = -EINVAL;
    }
    return rc;
}

static int compile_in_memory(uint64_t caps, struct jc_seccomp_filter **out) {
    int fd = (int)syscall(SYS_memfd_create, "jc-seccomp", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    scmp_filter_ctx ctx;
    int rc = build(caps, &ctx);
    if (rc == 0) {
        rc = seccomp_export_bpf(ctx, fd);
        seccomp_release(ctx);
    }
    off_t size = rc < 0 ? 0 : lseek(fd, 0, SEEK_END);
    if (rc == 0) rc = size < 0 ? -errno : read_program(fd, 0, (size_t)size, out);
    close(fd);
    return rc;
}

static int write_all(int fd, const void *data, size_t n) {
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return w < 0 ? -errno : -EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Stores the program under dir as name, atomically (write, fsync, rename). */
static int store_cached(int dir, const char *name, const struct jc_seccomp_filter *f) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".%s.%ld", name, (long)getpid());
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -errno;
    struct cache_header h;
    memcpy(h.magic, cache_magic, sizeof h.magic);
    h.checksum = checksum(f);
    int rc = write_all(fd, &h, sizeof h);
    if (rc == 0) rc = write_all(fd, f->insns, f->len * sizeof(struct sock_filter));
    if (rc == 0 && fsync(fd) < 0) rc = -errno;
    close(fd);
    if (rc == 0 && renameat(dir, tmp, dir, name) < 0) rc = -errno;
    if (rc != 0) unlinkat(dir, tmp, 0);
    return rc;
}

int jc_seccomp_prepare_default(uint64_t caps, const char *cache_dir, struct jc_seccomp_filter **out) {
    *out = NULL;
    int dir = -1;
    if (cache_dir) {
        mkdir(cache_dir, 0700);
        dir = open(cache_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        if (dir >= 0 && (fstat(dir, &st) < 0 || !trusted(&st))) { close(dir); dir = -1; }
    }
    char name[32];
    snprintf(name, sizeof name, "%016llx.bpf", (unsigned long long)cache_key(caps));
    if (dir >= 0 && load_cached(dir, name, out) == 0) {
        close(dir);
        return 1;
    }
    int rc = compile_in_memory(caps, out);
    /* a cache that cannot be written (read-only, full) must not stop the container */
    if (rc == 0 && dir >= 0) store_cached(dir, name, *out);
    if (dir >= 0) close(dir);
    return rc;
}

int jc_seccomp_install_prepared(const struct jc_seccomp_filter *filter) {
    struct sock_fprog prog = { .len = filter->len, .filter = filter->insns };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0) return 0;
    if (errno != ENOSYS) return -errno;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0 ? 0 : -errno;
}

void jc_seccomp_free(struct jc_seccomp_filter *filter) {
    if (!filter) return;
    free(filter->insns);
    free(filter);
}

int jc_seccomp_install_default_caps(uint64_t caps) {
    struct jc_seccomp_filter *f;
    int rc = jc_seccomp_prepare_default(caps, NULL, &f);
    if (rc < 0) return rc;
    rc = jc_seccomp_install_prepared(f);
    jc_seccomp_free(f);
    return rc;
}

int jc_seccomp_install_default(void) {
    return jc_seccomp_install_default_caps(jc_seccomp_bounding_caps());
}

int jc_seccomp_install_unconfined(void) {
    return 0;
}

int jc_seccomp_export_default(int fd, uint64_t caps) {
    scmp_filter_ctx ctx;
    int rc = build(caps, &ctx);
    if (rc < 0) return rc;
    rc = seccomp_export_pfc(ctx, fd);
    seccomp_release(ctx);
    return rc < 0 ? rc : 0;
}
