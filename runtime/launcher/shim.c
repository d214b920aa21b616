/*
 * The monitor loop of the shim: copies the process's output into the json-lines log and to
 * attached clients, forwards client input to its stdin, and reaps it. Returns the wait status.
 *
 * Attach protocol (attach.sock in the state dir): a client receives the output, framed like
 * Docker's multiplexed stream (8-byte header: stream 1/2, 3 zero bytes, big-endian length)
 * unless the process has a TTY (raw bytes), and whatever it sends goes to the process's stdin.
 * Output produced before the first client connects is kept (up to 1 MiB) when stdin or a
 * TTY is open, so `run -it` and exec see everything.
 */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 16
#define PENDING_MAX (1 << 20)
#define LINE_MAX_BYTES 16384

struct stream { int fd; int id; const char *name; char line[LINE_MAX_BYTES]; size_t len; };

static const struct jc_spec *spec;
static int log_fd = -1;
static long log_size;
static int clients[MAX_CLIENTS];
static int client_reads[MAX_CLIENTS]; /* 0 once the client half-closed its side */
static int n_clients, ever_attached;
static char *pending;
static size_t pending_len;

static void log_open(void) {
    if (!spec->log_path || !*spec->log_path) return;
    log_fd = open(spec->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    struct stat st;
    log_size = (log_fd >= 0 && fstat(log_fd, &st) == 0) ? st.st_size : 0;
}

/* Size-based rotation: log -> log.1 -> ... -> log.(max_files-1), oldest dropped. */
static void log_rotate(void) {
    if (spec->log_max_size <= 0 || log_size < spec->log_max_size) return;
    close(log_fd);
    char from[4096], to[4096];
    int keep = spec->log_max_files > 1 ? spec->log_max_files - 1 : 0;
    if (keep == 0) {
        if (truncate(spec->log_path, 0) < 0) { /* keep appending if truncation fails */ }
    }
    for (int i = keep; i >= 1; i--) {
        if (i == 1) snprintf(from, sizeof from, "%s", spec->log_path);
        else snprintf(from, sizeof from, "%s.%d", spec->log_path, i - 1);
        snprintf(to, sizeof to, "%s.%d", spec->log_path, i);
        rename(from, to);
    }
    log_open();
}

static void log_line(const struct stream *s, const char *data, size_t len) {
    if (log_fd < 0) return;
    char *text = malloc(len + 1), *json = malloc(len * 6 + 16), now[64];
    if (!text || !json) { free(text); free(json); return; }
    memcpy(text, data, len);
    text[len] = '\0';
    jc_json_string(json, len * 6 + 16, text);
    jc_now_rfc3339(now, sizeof now);
    size_t cap = strlen(json) + 128;
    char *rec = malloc(cap);
    if (rec) {
        int n = snprintf(rec, cap, "{\"log\":%s,\"stream\":\"%s\",\"time\":\"%s\"}\n", json, s->name, now);
        if (write(log_fd, rec, (size_t)n) == n) log_size += n;
        free(rec);
    }
    free(text);
    free(json);
    log_rotate();
}

/* Splits output into lines for the log; a line longer than the buffer is written in parts. */
static void log_bytes(struct stream *s, const char *buf, size_t n) {
    for (size_t i = 0; i < n; i++) {
        s->line[s->len++] = buf[i];
        if (buf[i] == '\n' || s->len == sizeof s->line) {
            log_line(s, s->line, s->len);
            s->len = 0;
        }
    }
}

static int send_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        buf += w; len -= (size_t)w;
    }
    return 0;
}

static void drop_client(int i) {
    close(clients[i]);
    n_clients--;
    clients[i] = clients[n_clients];
    client_reads[i] = client_reads[n_clients];
}

static void frame(char *out, int id, size_t len, const char *buf) {
    out[0] = (char)id; out[1] = out[2] = out[3] = 0;
    out[4] = (char)(len >> 24); out[5] = (char)(len >> 16); out[6] = (char)(len >> 8); out[7] = (char)len;
    memcpy(out + 8, buf, len);
}

/* Keep early output for the first client: a TTY or stdin means someone will attach, and an
 * exec's caller attaches right after starting it. */
static int buffering(void) {
    return spec->tty || spec->open_stdin || spec->mode == JC_MODE_EXEC;
}

static void to_clients(int id, const char *buf, size_t n) {
    char framed[8 + 65536];
    const char *msg = buf;
    size_t len = n;
    if (!spec->tty) { frame(framed, id, n, buf); msg = framed; len = n + 8; }
    if (n_clients == 0 && !ever_attached && buffering()) {
        if (pending_len + len <= PENDING_MAX) {
            char *grown = realloc(pending, pending_len + len);
            if (grown) { pending = grown; memcpy(pending + pending_len, msg, len); pending_len += len; }
        }
        return;
    }
    for (int i = n_clients - 1; i >= 0; i--)
        if (send_all(clients[i], msg, len) < 0) drop_client(i);
}

static void accept_client(int listen_fd) {
    int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) return;
    if (n_clients == MAX_CLIENTS) { close(c); return; }
    struct timeval tv = { .tv_sec = 5 };
    setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (!ever_attached && pending_len) send_all(c, pending, pending_len);
    free(pending);
    pending = NULL;
    pending_len = 0;
    ever_attached = 1;
    client_reads[n_clients] = 1;
    clients[n_clients++] = c;
}

static void close_stdin(struct jc_stdio *io) {
    if (io->in_w >= 0) { close(io->in_w); io->in_w = -1; }
}

/* Input from a client goes to stdin; "\x1b[8;ROWS;COLSt" style resize is not parsed here. */
static void client_input(int i, struct jc_stdio *io) {
    char buf[65536];
    ssize_t n = recv(clients[i], buf, sizeof buf, 0);
    if (n <= 0) {
        /* a half-close ends the client's input; it still receives the output */
        if (spec->stdin_once || spec->mode == JC_MODE_EXEC) close_stdin(io);
        if (n < 0) drop_client(i);
        else client_reads[i] = 0;
        return;
    }
    int in = spec->tty ? io->pty_master : io->in_w;
    if (in >= 0 && write(in, buf, (size_t)n) < 0 && errno == EPIPE) close_stdin(io);
}

static int read_stream(struct stream *s) {
    char buf[65536];
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    if (n <= 0) {
        if (s->len) { log_line(s, s->line, s->len); s->len = 0; }
        close(s->fd);
        s->fd = -1;
        return -1;
    }
    log_bytes(s, buf, (size_t)n);
    to_clients(s->id, buf, (size_t)n);
    return 0;
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* One control request per connection: "resize ROWS COLS\n" sets the TTY's window size. */
static void control_request(int control_fd, const struct jc_stdio *io) {
    int c = accept4(control_fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) return;
    struct timeval tv = { .tv_sec = 1 };
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[128];
    ssize_t n = recv(c, buf, sizeof buf - 1, 0);
    const char *reply = "error: unknown request\n";
    unsigned rows, cols;
    if (n > 0) {
        buf[n] = '\0';
        if (sscanf(buf, "resize %u %u", &rows, &cols) == 2) {
            struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
            if (!spec->tty || io->pty_master < 0) reply = "error: no tty\n";
            else reply = ioctl(io->pty_master, TIOCSWINSZ, &ws) == 0 ? "ok\n" : "error: TIOCSWINSZ failed\n";
        }
    }
    send_all(c, reply, strlen(reply));
    close(c);
}

/*
 * Without a PID namespace of its own (--pid host, --pid container:X), the container's other processes
 * would outlive its PID 1; as runc does, they go with it: cgroup.kill where the kernel has it (v2),
 * SIGKILL to each pid of cgroup.procs otherwise. The shim itself is not in the container's groups.
 */
static void kill_leftovers(const struct jc_spec *s) {
    /* an exec's shim has the container's groups too: its end must leave the container alone */
    if (s->mode != JC_MODE_RUN || jc_new_ns(s, "pid")) return;
    for (int i = 0; i < s->n_cgroup_procs; i++) {
        const char *slash = strrchr(s->cgroup_procs[i], '/');
        if (!slash) continue;
        char path[4096];
        snprintf(path, sizeof path, "%.*s/cgroup.kill", (int)(slash - s->cgroup_procs[i]), s->cgroup_procs[i]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            int ok = write(fd, "1", 1) == 1;
            close(fd);
            if (ok) continue;
        }
        FILE *f = fopen(s->cgroup_procs[i], "re");
        if (!f) continue;
        int pid;
        while (fscanf(f, "%d", &pid) == 1)
            if (pid > 0 && pid != getpid()) kill(pid, SIGKILL);
        fclose(f);
    }
}

void jc_shim_run(const struct jc_spec *s, pid_t child, struct jc_stdio *io, int listen_fd, int control_fd) {
    spec = s;
    log_open();
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    static struct stream out = { .id = 1, .name = "stdout" }, err = { .id = 2, .name = "stderr" };
    out.fd = s->tty ? io->pty_master : io->out_r;
    err.fd = s->tty ? -1 : io->err_r;
    int status = 0, exited = 0, recorded = 0;
    long long deadline = 0, linger_until = 0;
    for (;;) {
        int drained = exited && ((out.fd < 0 && err.fd < 0) || now_ms() > deadline);
        if (drained && !recorded) {
            /* after the process is gone, the pipes get at most 2 s for remaining writers */
            if (out.fd >= 0) { close(out.fd); out.fd = -1; }
            if (err.fd >= 0) { close(err.fd); err.fd = -1; }
            jc_record_exit(s, status);
            recorded = 1;
            linger_until = now_ms() + 10000;
        }
        /* output nobody has seen yet waits (up to 10 s) for its first client */
        if (recorded && (ever_attached || !pending_len || now_ms() > linger_until)) break;
        struct pollfd p[5 + MAX_CLIENTS];
        int n = 0;
        p[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        p[n++] = (struct pollfd){ .fd = out.fd, .events = POLLIN };
        p[n++] = (struct pollfd){ .fd = err.fd, .events = POLLIN };
        p[n++] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
        p[n++] = (struct pollfd){ .fd = exited ? -1 : control_fd, .events = POLLIN };
        int base = n;
        for (int i = 0; i < n_clients; i++)
            p[n++] = (struct pollfd){ .fd = client_reads[i] ? clients[i] : -1, .events = POLLIN };
        int r = poll(p, (nfds_t)n, exited ? 100 : -1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        if (p[0].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == sizeof si) {}
            int st;
            pid_t w;
            while ((w = waitpid(-1, &st, WNOHANG)) > 0)
                if (w == child) {
                    status = st; exited = 1; deadline = now_ms() + 2000; jc_trace("reaped");
                    kill_leftovers(s);
                }
        }
        if (p[1].revents) read_stream(&out);
        if (p[2].revents) read_stream(&err);
        if (p[3].revents) accept_client(listen_fd);
        if (p[4].revents) control_request(control_fd, io);
        if (recorded && ever_attached) break;
        for (int i = n - 1; i >= base; i--)
            if (p[i].revents && i - base < n_clients) client_input(i - base, io);
    }
    for (int i = n_clients - 1; i >= 0; i--) drop_client(i);
    char sock[4096];
    if (s->attach_socket && *s->attach_socket) snprintf(sock, sizeof sock, "%s", s->attach_socket);
    else snprintf(sock, sizeof sock, "%s/attach.sock", s->state_dir);
    unlink(sock);
    strncat(sock, ".ctl", sizeof sock - strlen(sock) - 1);
    unlink(sock);
    if (log_fd >= 0) close(log_fd);
}
