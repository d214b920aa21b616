/*
 * The container side: runs in the child after the shim released it. Steps for run mode:
 *   network   join the given netns or another container's (a new one was created by clone otherwise)
 *   identity  hostname, domainname (only in a UTS namespace of its own)
 *   rootfs    overlay, /proc, /dev, /sys, user mounts, pivot_root (mounts.c)
 *   sysctl    namespaced keys under /proc/sys
 *   harden    masked and read-only paths, read-only root (mounts.c)
 *   process   rlimits, user and groups, capabilities, no_new_privs, cwd, fds, seccomp, exec
 * Exec mode joins the namespaces of a running container instead of creating them.
 */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

/* A new network namespace starts with lo down; Docker brings it up. See netdevice(7). */
static void loopback_up(const struct jc_spec *s, int errfd) {
    int new_net = 0;
    for (int i = 0; i < s->n_ns; i++) if (!strcmp(s->ns[i], "net")) new_net = 1;
    if (!new_net) return;
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) jc_fail(errfd, "network", errno, "lo", "loopback flags");
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) jc_fail(errfd, "network", errno, "lo", "bring loopback up");
    close(sock);
}

static void step_network(const struct jc_spec *s, int errfd) {
    /* --network container:X where X has no namespace file: X's, through the pidfd the shim checked */
    const struct jc_join *j = jc_join_of(s, "net");
    if (j) {
        if (setns(j->pidfd, CLONE_NEWNET) < 0)
            jc_fail(errfd, "network", errno, j->pid, "cannot join the other container's network namespace");
        return;
    }
    if (!s->netns_path || !*s->netns_path) { loopback_up(s, errfd); return; }
    int fd = open(s->netns_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) jc_fail(errfd, "network", errno, s->netns_path, "cannot open the network namespace");
    if (setns(fd, CLONE_NEWNET) < 0) jc_fail(errfd, "network", errno, s->netns_path, "setns");
    close(fd);
}

static void step_names(const struct jc_spec *s, int errfd) {
    /* --uts host: the host's names are never touched */
    if (!jc_new_ns(s, "uts")) return;
    if (s->hostname && *s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
        jc_fail(errfd, "hostname", errno, NULL, "sethostname \"%s\"", s->hostname);
    if (s->domainname && *s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
        jc_fail(errfd, "hostname", errno, NULL, "setdomainname \"%s\"", s->domainname);
}

static void step_cwd(const struct jc_spec *s, int errfd) {
    if (chdir(s->cwd) < 0) jc_fail(errfd, "cwd", errno, s->cwd, "cannot change to the working directory");
    /* CVE-2024-21626: the cwd must be inside our root, never a leaked host directory */
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || cwd[0] != '/')
        jc_fail(errfd, "cwd", EPERM, s->cwd, "working directory is outside the container");
}

/* Every fd except 0-2 and the error pipe is closed now; the error pipe closes on exec. */
static void step_close_fds(int errfd) {
    if (errfd > 3) close_range(3, (unsigned)errfd - 1, 0);
    close_range((unsigned)errfd + 1, ~0U, 0);
    if (fcntl(errfd, F_SETFD, FD_CLOEXEC) < 0) jc_fail(errfd, "fds", errno, NULL, "cloexec");
}

static void step_exec(const struct jc_spec *s, int errfd) {
    char *argv[JC_MAX_LIST + 1];
    char *envp[JC_MAX_LIST * 4 + 1];
    for (int i = 0; i < s->n_args; i++) argv[i] = (char *)s->args[i];
    argv[s->n_args] = NULL;
    for (int i = 0; i < s->n_env; i++) envp[i] = (char *)s->env[i];
    envp[s->n_env] = NULL;
    /* execvp searches the PATH of environ, so it must be the container's environment */
    environ = envp;
    execvp(argv[0], argv);
    int e = errno;
    jc_fail(errfd, "exec", e, s->args[0], "cannot execute \"%s\"%s", s->args[0],
            e == ENOENT ? " (not found in the container's PATH)" : "");
}

/*
 * A TTY is a pty of the container's own devpts (so ttyname works inside): the slave becomes
 * stdio and the controlling terminal, /dev/console in run mode, and the master goes to the
 * shim over the console socket. See pty(7), unix(7) SCM_RIGHTS.
 */
static void step_tty(const struct jc_spec *s, int console, int errfd) {
    if (console < 0) return;
    int master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    char slave_path[64];
    if (master < 0 || unlockpt(master) < 0 || ptsname_r(master, slave_path, sizeof slave_path))
        jc_fail(errfd, "tty", errno, "/dev/pts/ptmx", "cannot allocate a pty in the container");
    int slave = open(slave_path, O_RDWR | O_NOCTTY);
    if (slave < 0) jc_fail(errfd, "tty", errno, slave_path, "open the pty");
    if (ioctl(slave, TIOCSCTTY, 0) < 0) jc_fail(errfd, "tty", errno, slave_path, "TIOCSCTTY");
    if (s->tty_rows > 0 && s->tty_cols > 0) {
        struct winsize ws = { .ws_row = (unsigned short) s->tty_rows, .ws_col = (unsigned short) s->tty_cols };
        if (ioctl(master, TIOCSWINSZ, &ws) < 0) jc_fail(errfd, "tty", errno, slave_path, "TIOCSWINSZ");
    }
    if (s->mode == JC_MODE_RUN) {
        int c = open("/dev/console", O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (c >= 0) close(c);
        if (mount(slave_path, "/dev/console", NULL, MS_BIND, NULL) < 0)
            jc_fail(errfd, "tty", errno, "/dev/console", "bind the console");
    }
    for (int fd = 0; fd < 3; fd++)
        if (dup2(slave, fd) < 0) jc_fail(errfd, "tty", errno, slave_path, "dup2");
    if (slave > 2) close(slave);
    if (jc_send_fd(console, master) < 0) jc_fail(errfd, "tty", errno, NULL, "send the pty to the shim");
    close(master);
    close(console);
}

/* userns: the user namespace to join (a namespace fd or the container's pidfd), -1 = none */
static void step_process(const struct jc_spec *s, int console, int userns, int errfd) {
    step_tty(s, console, errfd);
    /* after the last step that needs host root (the console bind mount), before the ids */
    if (userns >= 0) jc_userns_enter(userns, errfd);
    jc_apply_rlimits(s, errfd);
    jc_apply_identity_and_caps(s, errfd);
    if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        jc_fail(errfd, "no_new_privs", errno, NULL, "prctl(PR_SET_NO_NEW_PRIVS)");
    step_cwd(s, errfd);
    step_close_fds(errfd);
    jc_apply_seccomp(s, errfd);
    jc_trace("child: exec");
    step_exec(s, errfd);
}

static void step_cgroup_ns(const struct jc_spec *s, int errfd) {
    for (int i = 0; i < s->n_ns; i++)
        if (!strcmp(s->ns[i], "cgroup") && unshare(CLONE_NEWCGROUP) < 0)
            jc_fail(errfd, "namespaces", errno, NULL, "unshare the cgroup namespace");
}

void jc_container_main(const struct jc_spec *s, int console, int errfd) {
    step_cgroup_ns(s, errfd);
    step_network(s, errfd);
    step_names(s, errfd);
    jc_prepare_seccomp(s, errfd);
    jc_trace("child: names set");
    jc_setup_rootfs(s, errfd);
    jc_trace("child: rootfs pivoted");
    jc_apply_sysctls(s, errfd);
    jc_finish_rootfs(s, errfd);
    jc_trace("child: hardened");
    step_process(s, console, s->userns_fd, errfd);
    _exit(127);
}

/* Exec mode: the shim already joined the pid namespace for us; join the rest. */
void jc_exec_main(const struct jc_spec *s, int console, int errfd) {
    jc_prepare_seccomp(s, errfd);
    /* all at once through the pidfd the shim checked; see setns(2) */
    if (setns(s->target_pidfd, CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWNS) < 0)
        jc_fail(errfd, "namespaces", errno, s->target_pid, "cannot join the container's namespaces");
    /* the user namespace last, as in run mode: the others belong to the host's */
    step_process(s, console, jc_userns_wanted(s) ? s->target_pidfd : -1, errfd);
    _exit(127);
}
