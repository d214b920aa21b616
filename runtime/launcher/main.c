/*
 * Entry point: seal the binary, read the spec, detach, start the container process, answer,
 * then monitor it. Stages, in order:
 *   seal      re-exec from a sealed memfd copy (CVE-2019-5736: /proc/<pid>/exe is read-only)
 *   spec      read the spec from fd 0
 *   detach    fork; the front process exits, the shim calls setsid and lives on
 *   stdio     pipes or a pty for the process, the attach socket in the state dir
 *   userns    with uid/gid maps: the user namespace the process joins last (userns.c)
 *   spawn     clone into new namespaces (run) or fork into the container's pid ns (exec)
 *   cgroup    the shim writes the child's pid into each v2 cgroup.procs file, and the
 *             devices allow-list
 *   release   the child joins its v1 groups itself (tasks), sets itself up (container.c)
 *             and execs, or reports an error record
 *   answer    {"pid":N,"shim_pid":M} on fd 1 (or the child's error record), then fd 0-2 closed
 *   monitor   log, attach, reap, exit.json (shim.c)
 */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* fd 1 in the front process; the answer pipe to the front in the shim */
static int answer_fd = 1;
#define ANSWER_FD answer_fd
#define SEALED_NAME "jcompose-launcher"

extern char **environ;

/* Stage seal: run from an immutable memfd copy so no container process can rewrite us. */
static void stage_seal(char **argv) {
    char link[256];
    ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
    if (n > 0) {
        link[n] = '\0';
        if (strncmp(link, "/memfd:" SEALED_NAME, strlen("/memfd:" SEALED_NAME)) == 0) return;
    }
    int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (src < 0) jc_fail(ANSWER_FD, "seal", errno, "/proc/self/exe", "cannot open own binary");
    struct stat st;
    if (fstat(src, &st) < 0) jc_fail(ANSWER_FD, "seal", errno, "/proc/self/exe", "fstat");
    int mfd = memfd_create(SEALED_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0) jc_fail(ANSWER_FD, "seal", errno, NULL, "memfd_create");
    for (off_t done = 0; done < st.st_size;) {
        ssize_t w = sendfile(mfd, src, NULL, (size_t)(st.st_size - done));
        if (w <= 0) jc_fail(ANSWER_FD, "seal", w < 0 ? errno : EIO, NULL, "copy to memfd");
        done += w;
    }
    close(src);
    if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
        jc_fail(ANSWER_FD, "seal", errno, NULL, "memfd seals");
    fexecve(mfd, argv, environ);
    jc_fail(ANSWER_FD, "seal", errno, NULL, "fexecve of the sealed copy");
}

static int ns_flag(const char *name) {
    static const struct { const char *n; int f; } table[] = {
        {"mnt", CLONE_NEWNS}, {"pid", CLONE_NEWPID}, {"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC},
        {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].n, name)) return table[i].f;
    return -1;
}

static long read_oom_count(const char *path) {
    if (!path || !*path) return 0;
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    char key[64];
    long value, result = 0;
    while (fscanf(f, "%63s %ld", key, &value) == 2)
        if (!strcmp(key, "oom_kill")) result = value;
    fclose(f);
    return result;
}

/* Stage stdio: what the child's 0/1/2 become, and the shim's ends. */
struct child_stdio { int in, out, err, console; };

static void stage_stdio(const struct jc_spec *s, struct jc_stdio *io, struct child_stdio *cs) {
    io->in_w = io->out_r = io->err_r = io->pty_master = -1;
    cs->in = cs->out = cs->err = cs->console = -1;
    if (s->tty) {
        /* the pty is opened inside the container's devpts; its master comes back on this pair */
        int sp[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
            jc_fail(ANSWER_FD, "stdio", errno, NULL, "console socket");
        io->pty_master = sp[0];
        cs->console = sp[1];
        return;
    }
    int p[2];
    if (s->open_stdin) {
        if (pipe2(p, O_CLOEXEC) < 0) jc_fail(ANSWER_FD, "stdio", errno, NULL, "stdin pipe");
        cs->in = p[0]; io->in_w = p[1];
    } else {
        cs->in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    if (pipe2(p, O_CLOEXEC) < 0) jc_fail(ANSWER_FD, "stdio", errno, NULL, "stdout pipe");
    io->out_r = p[0]; cs->out = p[1];
    if (pipe2(p, O_CLOEXEC) < 0) jc_fail(ANSWER_FD, "stdio", errno, NULL, "stderr pipe");
    io->err_r = p[0]; cs->err = p[1];
}

/* In the child: make the prepared fds its 0, 1, 2 (without CLOEXEC). */
static void child_stdio(const struct child_stdio *cs, int errfd) {
    /* a session of its own: kill(0, ...) or a pty hangup in the container must not reach the shim */
    if (setsid() < 0) jc_fail(errfd, "stdio", errno, NULL, "setsid");
    if (cs->console >= 0) return; /* stdio becomes the pty later, inside the container */
    if (dup2(cs->in, 0) < 0 || dup2(cs->out, 1) < 0 || dup2(cs->err, 2) < 0)
        jc_fail(errfd, "stdio", errno, NULL, "dup2");
}

static int listen_on(const char *path) {
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path) >= (int)sizeof addr.sun_path)
        jc_fail(ANSWER_FD, "attach", ENAMETOOLONG, path, "path too long for a unix socket");
    unlink(addr.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0)
        jc_fail(ANSWER_FD, "attach", errno, addr.sun_path, "cannot serve the socket");
    chmod(addr.sun_path, 0600);
    return fd;
}

/* The attach socket, and beside it PATH.ctl for control requests ("resize ROWS COLS"). */
static void stage_listen(const struct jc_spec *s, int *attach, int *control) {
    char path[4096];
    if (s->attach_socket && *s->attach_socket) snprintf(path, sizeof path, "%s", s->attach_socket);
    else snprintf(path, sizeof path, "%s/attach.sock", s->state_dir);
    *attach = listen_on(path);
    strncat(path, ".ctl", sizeof path - strlen(path) - 1);
    *control = listen_on(path);
}

static unsigned long long start_ticks(pid_t pid);

/* Stage spawn: the child enters new namespaces (run) or the container's pid ns (exec). */
/*
 * Run mode, --pid/--ipc/--network container:X: pidfds pin the other containers' processes (checked against their
 * start times, so a reused pid is never joined); the pid namespace is joined here, by the shim, because setns(2)
 * of a pid namespace applies to the children made afterwards. The child joins the ipc one (mounts.c) and the
 * network one (container.c).
 */
static void pin_joins(struct jc_spec *s) {
    for (int i = 0; i < s->n_joins; i++) {
        struct jc_join *j = &s->joins[i];
        pid_t target = (pid_t)atoi(j->pid);
        j->pidfd = (int)syscall(SYS_pidfd_open, target, 0);
        if (j->pidfd < 0)
            jc_fail(ANSWER_FD, "namespaces", errno, j->pid, "the container whose %s namespace is shared is gone", j->ns);
        if (strtoull(j->start, NULL, 10) && start_ticks(target) != strtoull(j->start, NULL, 10))
            jc_fail(ANSWER_FD, "namespaces", ESRCH, j->pid,
                    "the container whose %s namespace is shared is gone (pid reused)", j->ns);
    }
    const struct jc_join *pid = jc_join_of(s, "pid");
    if (pid && setns(pid->pidfd, CLONE_NEWPID) < 0)
        jc_fail(ANSWER_FD, "namespaces", errno, pid->pid, "cannot join the other container's pid namespace");
}

static pid_t stage_spawn(struct jc_spec *s) {
    if (s->mode == JC_MODE_EXEC) {
        /* a pidfd pins the process: checked against its start time, it cannot be a reused pid */
        pid_t target = (pid_t)atoi(s->target_pid);
        int fd = (int)syscall(SYS_pidfd_open, target, 0);
        if (fd < 0) jc_fail(ANSWER_FD, "namespaces", errno, s->target_pid, "the container's process is gone");
        if (s->target_start && *s->target_start && start_ticks(target) != strtoull(s->target_start, NULL, 10))
            jc_fail(ANSWER_FD, "namespaces", ESRCH, s->target_pid, "the container's process is gone (pid reused)");
        if (setns(fd, CLONE_NEWPID) < 0)
            jc_fail(ANSWER_FD, "namespaces", errno, s->target_pid, "cannot join the container's pid namespace");
        s->target_pidfd = fd;
        return fork();
    }
    pin_joins(s);
    long flags = SIGCHLD;
    for (int i = 0; i < s->n_ns; i++) {
        int f = ns_flag(s->ns[i]);
        if (f < 0) jc_fail(ANSWER_FD, "namespaces", EINVAL, NULL, "unknown namespace \"%s\"", s->ns[i]);
        if (f == CLONE_NEWNET && s->netns_path && *s->netns_path) continue;
        /* the cgroup namespace is made by the child once it is in its cgroup (container.c),
         * so the container's cgroup becomes the namespace's root; see cgroup_namespaces(7) */
        if (f == CLONE_NEWCGROUP) continue;
        flags |= f;
    }
    /* raw clone without a new stack behaves like fork(2) with namespace flags; see clone(2) */
    return (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
}

/*
 * Stage cgroup. Moving a whole process (a pid written to cgroup.procs) takes the kernel's
 * global cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period whenever
 * nobody wrote one recently: 4 to 20 ms here, most of a container's start. A thread that
 * moves itself ("0" written to a v1 hierarchy's tasks file) skips that lock (see
 * cgroup_procs_write_start in kernel/cgroup/cgroup.c), and the container's process is one
 * thread, so it joins its v1 groups itself, first thing after the release (jc_join_cgroups);
 * the shim writes the pid only into groups without a tasks file (cgroup v2).
 */
static int self_join[JC_MAX_LIST];

static void plan_cgroup_joins(const struct jc_spec *s) {
    for (int i = 0; i < s->n_cgroup_procs; i++) {
        char tasks[4096];
        const char *slash = strrchr(s->cgroup_procs[i], '/');
        int dir_len = slash ? (int)(slash - s->cgroup_procs[i]) : 0;
        snprintf(tasks, sizeof tasks, "%.*s/tasks", dir_len, s->cgroup_procs[i]);
        self_join[i] = slash && access(tasks, W_OK) == 0;
    }
}

void jc_join_cgroups(const struct jc_spec *s, int errfd) {
    for (int i = 0; i < s->n_cgroup_procs; i++) {
        if (!self_join[i]) continue;
        char tasks[4096];
        const char *slash = strrchr(s->cgroup_procs[i], '/');
        snprintf(tasks, sizeof tasks, "%.*s/tasks", (int)(slash - s->cgroup_procs[i]), s->cgroup_procs[i]);
        int fd = open(tasks, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) jc_fail(errfd, "cgroup", errno, tasks, "cannot join the cgroup");
        close(fd);
    }
}

static void stage_cgroup(const struct jc_spec *s, pid_t child) {
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%d", child);
    for (int i = 0; i < s->n_cgroup_procs; i++) {
        if (self_join[i]) continue;
        int fd = open(s->cgroup_procs[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, pid, (size_t)len) != len) {
            int e = errno;
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            jc_fail(ANSWER_FD, "cgroup", e, s->cgroup_procs[i], "cannot join the cgroup");
        }
        close(fd);
    }
}

/*
 * The devices cgroup (v1) as Docker sets it: everything denied, then mknod of any node and
 * read/write/mknod of null, zero, full, random, urandom, tty, console, ptmx and the ptys,
 * then the --device nodes with their permissions. A privileged container keeps "a *:* rwm". See Documentation/admin-guide/cgroup-v1/devices.rst.
 */
static void stage_devices(const struct jc_spec *s, pid_t child) {
    if (s->privileged) return;
    if (s->devices_bpf && *s->devices_bpf) {
        int rc = jc_attach_device_filter(s, s->devices_bpf);
        if (rc < 0) {
            kill(child, SIGKILL);
            waitpid(child, NULL, 0);
            jc_fail(ANSWER_FD, "cgroup", -rc, s->devices_bpf, "cannot attach the device filter");
        }
    }
    if (!s->devices_dir || !*s->devices_dir) return;
    static const char *const allow[] = {
        "c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
        "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm",
    };
    char path[4096];
    snprintf(path, sizeof path, "%s/devices.deny", s->devices_dir);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int ok = fd >= 0 && write(fd, "a", 1) == 1;
    int e = errno;
    if (fd >= 0) close(fd);
    snprintf(path, sizeof path, "%s/devices.allow", s->devices_dir);
    size_t defaults = sizeof allow / sizeof allow[0];
    for (size_t i = 0; ok && i < defaults + (size_t)s->n_devices + (size_t)s->n_device_rules; i++) {
        /* then each --device with its permissions, then each --device-cgroup-rule */
        char line[64], major[16], minor[16];
        if (i < defaults) snprintf(line, sizeof line, "%s", allow[i]);
        else if (i < defaults + (size_t)s->n_devices) {
            const struct jc_device *d = &s->devices[i - defaults];
            snprintf(line, sizeof line, "%c %u:%u %s", d->type, d->major, d->minor, d->perms);
        } else {
            const struct jc_device_rule *r = &s->device_rules[i - defaults - (size_t)s->n_devices];
            if (r->major < 0) snprintf(major, sizeof major, "*"); else snprintf(major, sizeof major, "%d", r->major);
            if (r->minor < 0) snprintf(minor, sizeof minor, "*"); else snprintf(minor, sizeof minor, "%d", r->minor);
            snprintf(line, sizeof line, "%c %s:%s %s", r->type, major, minor, r->perms);
        }
        fd = open(path, O_WRONLY | O_CLOEXEC);
        ok = fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line);
        e = errno;
        if (fd >= 0) close(fd);
    }
    if (!ok) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        jc_fail(ANSWER_FD, "cgroup", e, path, "cannot set the device allow-list");
    }
}

static unsigned long long start_ticks(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long long ticks = 0;
    /* field 22 (starttime); after ")" come fields 3.. */
    if (p) sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &ticks);
    return ticks;
}

/* Stage answer: forward the child's error record, or report the pid and detach stdio. */
static void stage_answer(const struct jc_spec *s, pid_t child, int errfd) {
    char buf[16384];
    size_t n = 0;
    for (;;) {
        ssize_t r = read(errfd, buf + n, sizeof buf - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
        if (n >= sizeof buf - 1) break;
    }
    close(errfd);
    if (n > 0) {
        (void)!write(ANSWER_FD, buf, n);
        waitpid(child, NULL, 0);
        _exit(1);
    }
    char now[64], running[512], answer[128];
    jc_now_rfc3339(now, sizeof now);
    snprintf(running, sizeof running,
             "{\"pid\":%d,\"shim_pid\":%d,\"start_ticks\":%llu,\"started_at\":\"%s\"}\n",
             child, getpid(), start_ticks(child), now);
    if (jc_write_atomic(s->state_dir, "running.json", running) < 0) {
        int e = errno;
        kill(child, SIGKILL);
        jc_fail(ANSWER_FD, "state", e, s->state_dir, "cannot write running.json");
    }
    int len = snprintf(answer, sizeof answer, "{\"pid\":%d,\"shim_pid\":%d}\n", child, getpid());
    (void)!write(ANSWER_FD, answer, (size_t)len);
    close(ANSWER_FD);
    answer_fd = -1;
}

/*
 * Stage detach, front side: relay the shim's answer to fd 1. If the shim died without one,
 * say so (with its signal), so the caller never sees a silent failure.
 */
static void front_relay(pid_t shim, int from) {
    char buf[16384];
    size_t total = 0;
    for (;;) {
        ssize_t n = read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        (void)!write(1, buf, (size_t)n);
        total += (size_t)n;
    }
    if (total > 0) _exit(0);
    int st = 0;
    waitpid(shim, &st, 0);
    if (WIFSIGNALED(st))
        jc_fail(1, "shim", 0, NULL, "the shim was killed by signal %d before it answered", WTERMSIG(st));
    jc_fail(1, "shim", 0, NULL, "the shim exited with status %d before it answered", WEXITSTATUS(st));
}

/* The shim keeps nothing of the caller's: stdio becomes /dev/null and state_dir/shim.log. */
static void shim_stdio(const struct jc_spec *s) {
    int null = open("/dev/null", O_RDWR);
    char shimlog[4096];
    snprintf(shimlog, sizeof shimlog, "%s/shim.log", s->state_dir);
    int logfd = open(shimlog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    dup2(null, 0);
    dup2(null, 1);
    dup2(logfd >= 0 ? logfd : null, 2);
    if (null > 2) close(null);
    if (logfd > 2) close(logfd);
}

static long oom_before;

void jc_record_exit(const struct jc_spec *s, int status) {
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    int oom = read_oom_count(s->oom_file) > oom_before;
    char now[64], rec[512];
    jc_now_rfc3339(now, sizeof now);
    snprintf(rec, sizeof rec, "{\"exit_code\":%d,\"signal\":%d,\"oom_killed\":%s,\"finished_at\":\"%s\"}\n",
             code, sig, oom ? "true" : "false", now);
    jc_trace("exit recorded");
    if (jc_write_atomic(s->state_dir, "exit.json", rec) < 0)
        fprintf(stderr, "jcompose-launcher: cannot write exit.json: %s\n", strerror(errno));
}

int main(int argc, char **argv) {
    (void)argc;
    jc_trace("start");
    stage_seal(argv);
    static struct jc_spec spec;
    if (jc_spec_read(0, &spec) < 0)
        jc_fail(ANSWER_FD, "spec", errno, NULL, "cannot read the launcher spec%s%s",
                errno == ENOENT ? ": unknown key " : "", errno == ENOENT ? spec.id : "");
    jc_trace("spec read");
    /* stage detach */
    int relay[2];
    if (pipe2(relay, O_CLOEXEC) < 0) jc_fail(ANSWER_FD, "detach", errno, NULL, "answer pipe");
    pid_t shim = fork();
    if (shim < 0) jc_fail(ANSWER_FD, "detach", errno, NULL, "fork");
    if (shim > 0) {
        close(relay[1]);
        front_relay(shim, relay[0]);
    }
    close(relay[0]);
    answer_fd = relay[1];
    shim_stdio(&spec);
    setsid();
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    struct jc_stdio io;
    struct child_stdio cs;
    stage_stdio(&spec, &io, &cs);
    int listen_fd, control_fd;
    stage_listen(&spec, &listen_fd, &control_fd);
    int syncp[2], errp[2];
    if (pipe2(syncp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0)
        jc_fail(ANSWER_FD, "spawn", errno, NULL, "sync pipes");
    oom_before = read_oom_count(spec.oom_file);
    plan_cgroup_joins(&spec);
    if (spec.mode == JC_MODE_RUN && jc_userns_wanted(&spec)) spec.userns_fd = jc_userns_create(&spec, ANSWER_FD);

    jc_trace("before spawn");
    pid_t child = stage_spawn(&spec);
    if (child < 0) jc_fail(ANSWER_FD, "spawn", errno, NULL, "cannot create the container process");
    if (child == 0) {
        close(syncp[1]);
        close(errp[0]);
        close(listen_fd);
        close(control_fd);
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        char go;
        if (read(syncp[0], &go, 1) != 1) _exit(1); /* the shim died before releasing us */
        close(syncp[0]);
        jc_join_cgroups(&spec, errp[1]);
        child_stdio(&cs, errp[1]);
        if (spec.mode == JC_MODE_EXEC) jc_exec_main(&spec, cs.console, errp[1]);
        jc_container_main(&spec, cs.console, errp[1]);
    }
    close(syncp[0]);
    close(errp[1]);
    if (spec.userns_fd >= 0) close(spec.userns_fd);
    if (cs.in >= 0) close(cs.in);
    if (cs.out >= 0) close(cs.out);
    if (cs.err >= 0) close(cs.err);
    if (cs.console >= 0) close(cs.console);
    jc_trace("spawned");
    stage_cgroup(&spec, child);
    stage_devices(&spec, child);
    if (write(syncp[1], "g", 1) != 1) jc_fail(ANSWER_FD, "spawn", errno, NULL, "release the child");
    close(syncp[1]);
    jc_trace("released");
    stage_answer(&spec, child, errp[0]);
    if (spec.tty) io.pty_master = jc_recv_fd(io.pty_master);
    jc_trace("answered");
    jc_shim_run(&spec, child, &io, listen_fd, control_fd);
    return 0;
}
