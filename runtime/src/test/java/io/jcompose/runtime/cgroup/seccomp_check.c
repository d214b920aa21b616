/*
 * Test program for SeccompDefaultIT: installs the default filter for a given capability set
 * the way the launcher does (bounding set dropped, no_new_privs, filter), then tries calls
 * the profile allows and denies and prints one "name=result" line each ("ok" or the errno
 * name). Last it execs /bin/sh so the shell's own needs are checked too.
 *
 * usage: seccomp_check default|sysadmin [CACHE_DIR]
 * With CACHE_DIR the program is prepared twice through the cache (printing whether each
 * came from it) and the second one is installed.
 */
#define _GNU_SOURCE
#include "seccomp_default.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif

static void report(const char *name, long rc) {
    const char *what = "ok";
    if (rc < 0) {
        switch (errno) {
        case EPERM: what = "EPERM"; break;
        case ENOSYS: what = "ENOSYS"; break;
        case EINVAL: what = "EINVAL"; break;
        case EACCES: what = "EACCES"; break;
        case ENOENT: what = "ENOENT"; break;
        default: what = strerror(errno);
        }
    }
    printf("%s=%s\n", name, what);
    fflush(stdout);
}

static long sock(int family, int type) {
    int fd = socket(family, type, 0);
    if (fd >= 0) close(fd);
    /* a family the kernel lacks fails with EAFNOSUPPORT: that is "allowed by the filter" */
    if (fd < 0 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT)) return 0;
    return fd;
}

/*
 * The i386 ABI through int 0x80 from this x86_64 process: getpid must work and unshare (310
 * on i386) must be denied there too. Run in a child, as a kernel without IA32 emulation
 * answers int 0x80 with a fault.
 */
static void compat_i386(void) {
#if defined(__x86_64__)
    pid_t child = fork();
    if (child == 0) {
        long pid, unshare_rc;
        __asm__ volatile("int $0x80" : "=a"(pid) : "a"(20L) : "memory");
        __asm__ volatile("int $0x80" : "=a"(unshare_rc) : "a"(310L), "b"((long)CLONE_NEWUTS) : "memory");
        printf("i386_getpid=%s\n", pid == getpid() ? "ok" : "wrong");
        printf("i386_unshare=%s\n", unshare_rc == -EPERM ? "EPERM" : unshare_rc == 0 ? "ok" : "other");
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status)) printf("i386=unavailable\n");
#else
    printf("i386=unavailable\n");
#endif
}

/* Docker's default capabilities (the moby defaults) */
static const int docker_caps[] = {
    CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID,
    CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL,
    CAP_AUDIT_WRITE,
};

int main(int argc, char **argv) {
    int sysadmin = argc > 1 && !strcmp(argv[1], "sysadmin");
    unsigned long long want = 0;
    for (size_t i = 0; i < sizeof docker_caps / sizeof docker_caps[0]; i++) want |= 1ULL << docker_caps[i];
    if (sysadmin) want |= 1ULL << CAP_SYS_ADMIN;
    for (int c = 0; c < 64; c++) {
        if (want & (1ULL << c)) continue;
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1) continue;
        if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) { perror("capbset drop"); return 2; }
    }
    if (jc_seccomp_bounding_caps() != want) { fprintf(stderr, "bounding set mismatch\n"); return 2; }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) { perror("no_new_privs"); return 2; }
    int rc;
    if (argc > 2) {
        struct jc_seccomp_filter *f = NULL;
        for (int round = 1; round <= 2; round++) {
            if (f) jc_seccomp_free(f);
            rc = jc_seccomp_prepare_default(want, argv[2], &f);
            if (rc < 0) { fprintf(stderr, "prepare: %s\n", strerror(-rc)); return 3; }
            printf("prepare_%d=%s\n", round, rc == 1 ? "cached" : "compiled");
        }
        rc = jc_seccomp_install_prepared(f);
        jc_seccomp_free(f);
    } else {
        rc = jc_seccomp_install_default();
    }
    if (rc != 0) { fprintf(stderr, "install: %s\n", strerror(-rc)); return 3; }

    report("getpid", getpid());
    report("write", write(1, "", 0));
    report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -1 /* thread keyring */, 0));
    /* a mount point that does not exist: the kernel answers ENOENT once the filter lets it through */
    report("mount", mount("none", "/nonexistent-jcompose-seccomp-check", "tmpfs", 0, NULL));
    long clone_rc = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (clone_rc == 0) _exit(0);
    if (clone_rc > 0) waitpid((pid_t)clone_rc, NULL, 0);
    report("clone_newns", clone_rc);
    report("unshare_uts", unshare(CLONE_NEWUTS));
    report("unshare_user", unshare(CLONE_NEWUSER));
    report("clone3", syscall(SYS_clone3, NULL, 0));
    report("syscall_470", syscall(470, 0, 0, 0));
    pid_t child = fork();
    if (child == 0) _exit(7);
    int status = 0;
    report("fork", child < 0 ? -1 : (waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 7) ? 0 : -1);
    report("socket_inet", sock(AF_INET, SOCK_STREAM));
    report("socket_unix", sock(AF_UNIX, SOCK_STREAM));
    report("socket_vsock", sock(AF_VSOCK, SOCK_STREAM));
    report("socket_alg", sock(AF_ALG, SOCK_SEQPACKET));
    report("personality_query", personality(0xffffffff));
    report("personality_bsd", personality(0x0006 /* PER_BSD */));
    report("chroot", chroot("/"));
    report("reboot", syscall(SYS_reboot, 0, 0, 0, NULL) == 0 ? 0 : (errno == EINVAL ? 0 : -1));
    compat_i386();
    fflush(stdout);
    execl("/bin/sh", "sh", "-c", "echo shell=ok; ls / > /dev/null && echo ls=ok; grep ^Seccomp: /proc/self/status", (char *)NULL);
    report("execve", -1);
    return 4;
}
