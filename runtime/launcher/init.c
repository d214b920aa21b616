/*
 * jcompose-init: the tiny init of `init: true` (like tini / docker-init).
 *
 *   jcompose-init PROGRAM [ARGS...]
 *
 * Runs PROGRAM as its only direct child, forwards the signals a container receives to it
 * (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH and every other asynchronous
 * signal), reaps every process that ends up as its child, and exits with PROGRAM's exit
 * code, or 128 + the signal number when a signal killed it. PID 1 of a pid namespace gets
 * no default signal actions (see pid_namespaces(7)); this program handles them instead.
 * Outside a pid namespace it makes itself a child subreaper, so orphans are still reaped.
 *
 * Only libc: build with gcc -static -O2 -o jcompose-init init.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Signals the kernel sends because of what the process itself did: never forwarded. */
static int synchronous(int sig) {
    return sig == SIGFPE || sig == SIGILL || sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT
        || sig == SIGTRAP || sig == SIGSYS;
}

/* The set init waits for: SIGCHLD plus every signal it forwards. */
static void wait_set(sigset_t *set) {
    sigfillset(set);
    for (int sig = 1; sig < NSIG; sig++)
        if (synchronous(sig) || sig == SIGKILL || sig == SIGSTOP || sig == SIGTTIN || sig == SIGTTOU)
            sigdelset(set, sig);
}

static void die(const char *what) {
    fprintf(stderr, "jcompose-init: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* In the child: back to default signal handling, own process group (and the terminal's
 * foreground, so a ^C from the tty reaches it once and not also through init), then exec. */
static void run_child(char **argv, const sigset_t *original) {
    if (setpgid(0, 0) == 0 && isatty(STDIN_FILENO)) {
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(STDIN_FILENO, getpid());
        signal(SIGTTOU, SIG_DFL);
    }
    sigprocmask(SIG_SETMASK, original, NULL);
    execvp(argv[0], argv);
    int e = errno;
    fprintf(stderr, "jcompose-init: cannot execute \"%s\": %s\n", argv[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

/* Reaps every child that has exited; returns 1 once the main child was among them. */
static int reap(pid_t child, int *exit_code) {
    int done = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid != child) continue;
        done = 1;
        *exit_code = WIFEXITED(status) ? WEXITSTATUS(status)
                   : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
    }
    if (pid < 0 && errno != ECHILD) die("waitpid");
    return done;
}

int main(int argc, char **argv) {
    /* Docker runs its init as `docker-init -- PROGRAM ARGS...`; the `--` is optional here */
    if (argc >= 2 && !strcmp(argv[1], "--")) { argv++; argc--; }
    if (argc < 2) {
        fprintf(stderr, "usage: jcompose-init [--] PROGRAM [ARGS...]\n");
        return 2;
    }
    if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) die("prctl(PR_SET_CHILD_SUBREAPER)");

    sigset_t waited, original;
    wait_set(&waited);
    /* block before fork: a signal arriving early stays pending until the loop takes it */
    if (sigprocmask(SIG_BLOCK, &waited, &original) < 0) die("sigprocmask");

    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) run_child(argv + 1, &original);

    int exit_code = 1;
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&waited, &info);
        if (sig < 0) {
            if (errno == EINTR) continue;
            die("sigwaitinfo");
        }
        if (sig == SIGCHLD) {
            if (reap(child, &exit_code)) break;
            continue;
        }
        /* the child may have just exited and not been reaped yet: ESRCH is fine */
        if (kill(child, sig) < 0 && errno != ESRCH) die("kill");
    }
    /* orphans that exited together with the main child */
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
    return exit_code;
}
