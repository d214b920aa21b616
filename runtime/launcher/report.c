/* Error records, JSON strings, timestamps and atomic state files. */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

void jc_json_string(char *out, size_t size, const char *in) {
    size_t o = 0;
    if (size < 3) { if (size) out[0] = '\0'; return; }
    out[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 8 < size; p++) {
        unsigned char ch = *p;
        if (ch == '"' || ch == '\\') { out[o++] = '\\'; out[o++] = (char)ch; }
        else if (ch == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
        else if (ch == '\r') { out[o++] = '\\'; out[o++] = 'r'; }
        else if (ch == '\t') { out[o++] = '\\'; out[o++] = 't'; }
        else if (ch < 0x20 || ch == 0x7f) o += (size_t)snprintf(out + o, size - o, "\\u%04x", ch);
        else if (ch < 0x80) out[o++] = (char)ch;
        else {
            /* valid UTF-8 passes; any other byte becomes U+FFFD, as Docker's json-file does */
            int len = (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : (ch & 0xf8) == 0xf0 ? 4 : 0;
            int ok = len > 0 && !(len == 2 && ch < 0xc2);
            for (int k = 1; ok && k < len; k++) ok = (p[k] & 0xc0) == 0x80;
            if (ok) {
                for (int k = 0; k < len; k++) out[o++] = (char)p[k];
                p += len - 1;
            } else {
                o += (size_t)snprintf(out + o, size - o, "\\ufffd");
            }
        }
    }
    out[o++] = '"';
    out[o] = '\0';
}

static void write_full(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        buf += w; len -= (size_t)w;
    }
}

/* Writes {"step","errno","errno_name"... ,"path","message"} as one line and exits 1. */
void jc_fail(int fd, const char *step, int err, const char *path, const char *fmt, ...) {
    char msg[1024], jstep[128], jpath[8192], jmsg[4096], line[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err) {
        size_t l = strlen(msg);
        snprintf(msg + l, sizeof msg - l, ": %s", strerror(err));
    }
    jc_json_string(jstep, sizeof jstep, step);
    jc_json_string(jpath, sizeof jpath, path ? path : "");
    jc_json_string(jmsg, sizeof jmsg, msg);
    int n = snprintf(line, sizeof line,
                     "{\"error\":true,\"step\":%s,\"errno\":%d,\"errno_name\":\"%s\",\"path\":%s,\"message\":%s}\n",
                     jstep, err, err ? strerrorname_np(err) : "", jpath, jmsg);
    if (n > 0) write_full(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    _exit(1);
}

void jc_now_rfc3339(char *out, size_t size) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, size - n, ".%09ldZ", ts.tv_nsec);
}

/* Writes dir/name via dir/.name.tmp + rename, so readers see all or nothing. */
int jc_write_atomic(const char *dir, const char *name, const char *content) {
    char tmp[4096], dst[4096];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    write_full(fd, content, strlen(content));
    if (close(fd) < 0) return -1;
    /* rename makes it atomic; no fsync: after a power loss the process is gone anyway, and
     * the runtime records such a container as exited (255) */
    return rename(tmp, dst);
}

/* Passes fd over a unix socket (SCM_RIGHTS); see unix(7). */
int jc_send_fd(int sock, int fd) {
    char byte = 'f';
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    char ctl[CMSG_SPACE(sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* Receives one fd from sock and closes sock; -1 if none came. */
int jc_recv_fd(int sock) {
    char byte;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    char ctl[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    int fd = -1;
    if (recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) == 1) {
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        if (c && c->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(c), sizeof(int));
    }
    close(sock);
    return fd;
}

void jc_trace(const char *stage) {
    static int enabled = -1;
    static struct timespec start;
    if (enabled < 0) {
        const char *v = getenv("JCOMPOSE_LAUNCHER_TRACE");
        enabled = v && *v == '1';
        clock_gettime(CLOCK_MONOTONIC, &start);
    }
    if (!enabled) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - start.tv_sec) * 1e3 + (double)(now.tv_nsec - start.tv_nsec) / 1e6;
    char line[128];
    int n = snprintf(line, sizeof line, "trace %d %8.3f ms %s\n", getpid(), ms, stage);
    write_full(2, line, (size_t)n);
}
