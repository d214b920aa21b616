/*
 * jcompose-probe: a tiny static program the root tests run inside containers to report
 * facts that busybox cannot: "fds" (open fds beyond 0-2), "keyctl" (a syscall the default
 * seccomp profile denies), "forkbomb N" (forks until refused, at most N), "hog MiB"
 * (allocates and touches memory), "caps" (CapEff), "cwd".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) { perror("opendir"); return 1; }
    int self = dirfd(d), count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd <= 2 || fd == self) continue;
        char link[64], target[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        printf("fd %d %s\n", fd, target);
        count++;
    }
    closedir(d);
    printf("extra_fds=%d\n", count);
    return 0;
}

static int keyctl(void) {
    /* KEYCTL_GET_KEYRING_ID (0) of the session keyring (-3), creating it */
    long r = syscall(SYS_keyctl, 0, -3, 1);
    printf("keyctl=%s\n", r < 0 ? strerrorname_np(errno) : "ok");
    return 0;
}

static int forkbomb(int max) {
    int made = 0, refused = 0;
    for (int i = 0; i < max; i++) {
        pid_t p = fork();
        if (p == 0) { pause(); _exit(0); }
        if (p < 0) { refused = errno; break; }
        made++;
    }
    printf("forked=%d refused=%s\n", made, refused ? strerrorname_np(refused) : "none");
    fflush(stdout);
    kill(0, SIGKILL);
    return 0;
}

static int hog(long mib) {
    for (long i = 0; i < mib; i++) {
        char *p = malloc(1 << 20);
        if (!p) { printf("malloc failed at %ld MiB\n", i); return 1; }
        memset(p, 1, 1 << 20);
    }
    printf("allocated %ld MiB\n", mib);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: jcompose-probe fds|keyctl|forkbomb N|hog MIB|cwd\n"); return 2; }
    if (!strcmp(argv[1], "fds")) return fds();
    if (!strcmp(argv[1], "keyctl")) return keyctl();
    if (!strcmp(argv[1], "forkbomb")) return forkbomb(argc > 2 ? atoi(argv[2]) : 1000);
    if (!strcmp(argv[1], "hog")) return hog(argc > 2 ? atol(argv[2]) : 1024);
    if (!strcmp(argv[1], "cwd")) { char b[4096]; printf("cwd=%s\n", getcwd(b, sizeof b) ? b : strerror(errno)); return 0; }
    fprintf(stderr, "jcompose-probe: unknown command %s\n", argv[1]);
    return 2;
}
