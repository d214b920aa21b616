/*
 * escape-probe: a static program the escape tests run inside containers. Each command tries
 * one thing a hostile process would and prints "name=result" lines, where result is "ok" or
 * the errno name (ENOENT, EPERM, ...). It never damages what it reaches: a write test writes
 * back the byte that is already there.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <linux/reboot.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *res(long rc) { return rc < 0 ? strerrorname_np(errno) : "ok"; }

/* Opens path for writing and writes back its first byte; prints open= and write=. */
static void try_write(const char *label, const char *path) {
    char first = 0;
    int r = open(path, O_RDONLY | O_CLOEXEC);
    if (r >= 0) { (void)!read(r, &first, 1); close(r); }
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    printf("%s_open=%s\n", label, res(fd));
    if (fd >= 0) {
        printf("%s_write=%s\n", label, res(pwrite(fd, &first, 1, 0)));
        close(fd);
    }
}

/* For ms milliseconds, tries to open for writing the exe of every process that is not us. */
static int race(long ms) {
    char self[4096] = "";
    ssize_t sn = readlink("/proc/self/exe", self, sizeof self - 1);
    self[sn > 0 ? sn : 0] = '\0';
    char seen[64][4096 + 256];
    int n_seen = 0, attempts = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= ms) break;
        DIR *d = opendir("/proc");
        if (!d) break;
        for (struct dirent *e; (e = readdir(d));) {
            if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi(e->d_name) == getpid()) continue;
            char link[300], target[4096];
            snprintf(link, sizeof link, "/proc/%s/exe", e->d_name);
            ssize_t n = readlink(link, target, sizeof target - 1);
            if (n < 0) {
                /* a non-dumpable process (the launcher while it enters) hides its exe: try it anyway */
                if (errno == ENOENT) continue;
                snprintf(target, sizeof target, "<unreadable:%s>", strerrorname_np(errno));
            } else {
                target[n] = '\0';
            }
            if (!strcmp(target, self) || strstr(target, "busybox")) continue;
            attempts++;
            int fd = open(link, O_WRONLY | O_CLOEXEC);
            char line[4096 + 256];
            /* the launcher still holds the engine's privileges here: tracing or poking it would be an escape */
            int pid = atoi(e->d_name);
            long seized = ptrace(PTRACE_SEIZE, pid, NULL, NULL);
            if (seized == 0) ptrace(PTRACE_DETACH, pid, NULL, NULL);
            char mem[300];
            snprintf(mem, sizeof mem, "/proc/%s/mem", e->d_name);
            int mfd = open(mem, O_RDWR | O_CLOEXEC);
            if (mfd >= 0) close(mfd);
            char extra[128];
            snprintf(extra, sizeof extra, " seize=%s mem=%s", seized == 0 ? "ok" : strerrorname_np(errno),
                     mfd >= 0 ? "ok" : "E");
            /*
             * A success means the process was dumpable then, so it had become the exec'd program of
             * the container already (the launcher stays non-dumpable up to execve): that is its own
             * process, which root in the container may trace. Its exe is readable now; skip it.
             */
            char now_exe[4096];
            ssize_t now_n = readlink(link, now_exe, sizeof now_exe - 1);
            if (now_n > 0) {
                now_exe[now_n] = '\0';
                if (strstr(now_exe, "busybox")) { if (fd >= 0) close(fd); continue; }
            }
            if (fd >= 0) {
                char first = 0;
                int rfd = open(link, O_RDONLY | O_CLOEXEC);
                if (rfd >= 0) { (void)!read(rfd, &first, 1); close(rfd); }
                ssize_t w = pwrite(fd, &first, 1, 0);
                snprintf(line, sizeof line, "exe %s open=ok write=%s%s", target, res(w), extra);
                close(fd);
            } else {
                snprintf(line, sizeof line, "exe %s open=%s%s", target, strerrorname_np(errno), extra);
            }
            int dup = 0;
            for (int i = 0; i < n_seen; i++) if (!strcmp(seen[i], line)) dup = 1;
            if (!dup && n_seen < 64) strcpy(seen[n_seen++], line);
        }
        closedir(d);
    }
    for (int i = 0; i < n_seen; i++) printf("%s\n", seen[i]);
    printf("race_done attempts=%d\n", attempts);
    return 0;
}

static void fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) { printf("fds=%s\n", strerrorname_np(errno)); return; }
    int self = dirfd(d);
    printf("fds=");
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || atoi(e->d_name) == self) continue;
        char link[300], target[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        printf("%s:%s ", e->d_name, target);
    }
    printf("\n");
    closedir(d);
    char cwd[4096];
    printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : strerrorname_np(errno));
}

static void blockdev(unsigned maj, unsigned min) {
    unlink("/tmp/blk");
    printf("mknod=%s\n", res(mknod("/tmp/blk", S_IFBLK | 0600, makedev(maj, min))));
    int fd = open("/tmp/blk", O_RDONLY | O_CLOEXEC);
    printf("blk_open=%s\n", res(fd));
    if (fd >= 0) {
        char buf[512];
        printf("blk_read=%s\n", res(read(fd, buf, sizeof buf)));
        close(fd);
    }
    unlink("/tmp/blk");
}

static void chardev(const char *label, unsigned maj, unsigned min) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/chr-%s", label);
    unlink(path);
    printf("%s_mknod=%s\n", label, res(mknod(path, S_IFCHR | 0600, makedev(maj, min))));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    printf("%s_open=%s\n", label, res(fd));
    if (fd >= 0) close(fd);
    unlink(path);
}

/* The classic chroot(2) break-out: chroot into a subdirectory, then walk ".." up and chroot there. */
static void chroot_escape(void) {
    mkdir("/tmp/jail", 0755);
    int outside = open("/", O_RDONLY | O_DIRECTORY);
    if (chroot("/tmp/jail") < 0) { printf("chroot=%s\n", strerrorname_np(errno)); return; }
    printf("chroot=ok\n");
    if (fchdir(outside) < 0) { printf("fchdir=%s\n", strerrorname_np(errno)); return; }
    for (int i = 0; i < 64; i++) if (chdir("..") < 0) break;
    printf("chroot_back=%s\n", res(chroot(".")));
    DIR *d = opendir("/");
    printf("root_entries=");
    for (struct dirent *e; d && (e = readdir(d));) if (e->d_name[0] != '.') printf("%s ", e->d_name);
    printf("\n");
    if (d) closedir(d);
}

static void syscalls(void) {
    printf("mount=%s\n", res(mount("none", "/tmp", "tmpfs", 0, NULL)));
    printf("mount_proc=%s\n", res(mount("proc", "/tmp", "proc", 0, NULL)));
    printf("unshare_user=%s\n", res(unshare(CLONE_NEWUSER)));
    printf("unshare_mnt=%s\n", res(unshare(CLONE_NEWNS)));
    printf("unshare_net=%s\n", res(unshare(CLONE_NEWNET)));
    int ns = open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC);
    printf("setns_mnt=%s\n", ns < 0 ? strerrorname_np(errno) : res(setns(ns, 0)));
    if (ns >= 0) close(ns);
    printf("keyctl=%s\n", res(syscall(SYS_keyctl, 0, -3, 1)));
    printf("add_key=%s\n", res(syscall(SYS_add_key, "user", "x", "y", 1, -3)));
    printf("init_module=%s\n", res(syscall(SYS_init_module, "", 0, "")));
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    printf("finit_module=%s\n", res(syscall(SYS_finit_module, null, "", 0)));
    printf("delete_module=%s\n", res(syscall(SYS_delete_module, "nonexistent_mod", O_NONBLOCK)));
    close(null);
    printf("reboot=%s\n", res(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL)));
    printf("sethostname=%s\n", res(sethostname("pwned", 5)));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("clock_settime=%s\n", res(clock_settime(CLOCK_REALTIME, &ts)));
    printf("settimeofday=%s\n", res(syscall(SYS_settimeofday, NULL, NULL) < 0 ? -1 : 0));
    printf("iopl=%s\n", res(syscall(SYS_iopl, 3)));
    printf("ioperm=%s\n", res(syscall(SYS_ioperm, 0x80, 1, 1)));
    printf("swapon=%s\n", res(syscall(SYS_swapon, "/dev/null", 0)));
    printf("acct=%s\n", res(syscall(SYS_acct, "/tmp/acct")));
    /* PTRACE_SEIZE does not stop the tracee; detach at once so PID 1 goes on */
    long traced = ptrace(PTRACE_SEIZE, 1, NULL, NULL);
    printf("ptrace_1=%s\n", res(traced));
    if (traced == 0) ptrace(PTRACE_DETACH, 1, NULL, NULL);
    struct { unsigned int handle_bytes; int handle_type; unsigned char f_handle[128]; } fh = { 128, 0, {0} };
    int mount_id;
    long r = syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mount_id, 0);
    printf("name_to_handle_at=%s\n", res(r));
    /* the "shocker" attack: open a file of the host's file system by handle */
    printf("open_by_handle_at=%s\n", res(syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY)));
    printf("bpf=%s\n", res(syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0)));
    printf("userfaultfd=%s\n", res(syscall(SYS_userfaultfd, 0)));
    printf("kexec_load=%s\n", res(syscall(SYS_kexec_load, 0, 0, NULL, 0)));
    printf("perf_event_open=%s\n", res(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0)));
    char params[120] = {0}; /* struct io_uring_params */
    printf("io_uring_setup=%s\n", res(syscall(SYS_io_uring_setup, 1, params)));
    printf("pivot_root=%s\n", res(syscall(SYS_pivot_root, "/tmp", "/tmp")));
    printf("open_tree=%s\n", res(syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */)));
    printf("fsopen=%s\n", res(syscall(SYS_fsopen, "tmpfs", 0)));
    printf("umount_proc_keys=%s\n", res(umount2("/proc/keys", MNT_DETACH)));
}

#if defined(__x86_64__)
/* A system call through the i386 entry (int 0x80): a filter for x86_64 alone would not see it. */
static long int80(long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

static const char *kres(long rc) { return rc < 0 ? strerrorname_np((int)-rc) : "ok"; }

/* In a child, since a kernel without ia32 emulation answers int 0x80 with SIGSEGV. */
static void compat(void) {
    pid_t child = fork();
    if (child == 0) {
        printf("ia32_getpid=%s\n", kres(int80(20, 0, 0, 0)));
        printf("ia32_keyctl=%s\n", kres(int80(288, 0, -3, 1)));
        printf("ia32_unshare=%s\n", kres(int80(310, CLONE_NEWUSER, 0, 0)));
        printf("ia32_setns=%s\n", kres(int80(346, 0, 0, 0)));
        printf("x32_keyctl=%s\n", res(syscall(0x40000000 | 250, 0, -3, 1)));
        printf("x32_unshare=%s\n", res(syscall(0x40000000 | 272, CLONE_NEWUSER)));
        fflush(stdout);
        _exit(0);
    }
    int st = 0;
    waitpid(child, &st, 0);
    printf("compat_child=%s\n", WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exited");
}
#else
static void compat(void) { printf("compat_child=not-x86_64\n"); }
#endif

static void nofile(long max) {
    long n = 0;
    int err = 0;
    for (; n < max; n++) {
        if (open("/dev/null", O_RDONLY) < 0) { err = errno; break; }
    }
    printf("opened=%ld stopped=%s\n", n, err ? strerrorname_np(err) : "none");
}

static void ids(void) {
    printf("uid=%d euid=%d gid=%d egid=%d\n", getuid(), geteuid(), getgid(), getegid());
}

static void hog(long mib) {
    for (long i = 0; i < mib; i++) {
        char *p = malloc(1 << 20);
        if (!p) { printf("malloc failed at %ld MiB\n", i); return; }
        memset(p, 1, 1 << 20);
    }
    printf("allocated %ld MiB\n", mib);
}

static void flood(long mib) {
    static char line[1 << 20];
    memset(line, 'x', sizeof line);
    for (long i = 0; i < mib; i++) {
        if (write(1, line, sizeof line) < 0) { printf("write=%s\n", strerrorname_np(errno)); return; }
    }
    (void)!write(1, "\nflood-done\n", 12);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) { fprintf(stderr, "usage: escape-probe COMMAND ...\n"); return 2; }
    const char *c = argv[1];
    if (!strcmp(c, "write") && argc > 3) { for (int i = 3; i < argc; i += 2) try_write(argv[i - 1], argv[i]); }
    else if (!strcmp(c, "race")) return race(argc > 2 ? atol(argv[2]) : 1000);
    else if (!strcmp(c, "fds")) fds();
    else if (!strcmp(c, "blockdev") && argc > 3) blockdev((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
    else if (!strcmp(c, "chardev") && argc > 4) chardev(argv[2], (unsigned)atoi(argv[3]), (unsigned)atoi(argv[4]));
    else if (!strcmp(c, "chroot")) chroot_escape();
    else if (!strcmp(c, "syscalls")) syscalls();
    else if (!strcmp(c, "compat")) compat();
    else if (!strcmp(c, "nofile")) nofile(argc > 2 ? atol(argv[2]) : 100000);
    else if (!strcmp(c, "ids")) ids();
    else if (!strcmp(c, "hog")) hog(argc > 2 ? atol(argv[2]) : 1024);
    else if (!strcmp(c, "flood")) flood(argc > 2 ? atol(argv[2]) : 1);
    else { fprintf(stderr, "escape-probe: unknown command %s\n", c); return 2; }
    return 0;
}
