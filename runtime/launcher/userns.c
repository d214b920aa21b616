/*
 * The user namespace option (spec keys uid_map / gid_map, "CONTAINER HOST SIZE" each).
 * The container's other namespaces and all its mounts are made by host root as usual; the
 * process joins the user namespace last, right before it drops its capabilities, so its
 * mount, pid, network, UTS and IPC namespaces stay owned by the host's user namespace and
 * container root, mapped to an unprivileged host id, holds its capabilities only inside it.
 *
 * The image layers and the container's upper dir stay as they are on disk (owned by host
 * root): they are bind-mounted idmapped over themselves in the container's mount namespace
 * (MOUNT_ATTR_IDMAP with the container's user namespace, see mount_setattr(2)), so the
 * overlay shows them owned by container root and what the container writes lands on disk
 * as root again. Bind mounts are not idmapped: a file container root creates in a volume is
 * owned by the mapped host id (100000 for "0 100000 65536").
 */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int jc_userns_wanted(const struct jc_spec *s) { return s->n_uid_map > 0; }

static int write_map(pid_t pid, const char *file, const char *const *lines, int n) {
    char path[64], buf[4096];
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\n", lines[i]);
    if (len >= sizeof buf) { errno = E2BIG; return -1; }
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    /* the whole map in one write, as user_namespaces(7) requires */
    int ok = write(fd, buf, len) == (ssize_t)len;
    int e = errno;
    close(fd);
    errno = e;
    return ok ? 0 : -1;
}

/*
 * A user namespace with the spec's maps, held by the returned fd: a helper is cloned into
 * a new user namespace, its maps are written from here (the parent, which holds CAP_SETUID
 * and CAP_SETGID, so setgroups(2) stays allowed for container root), and it exits.
 */
int jc_userns_create(const struct jc_spec *s, int errfd) {
    int gate[2];
    if (pipe2(gate, O_CLOEXEC) < 0) jc_fail(errfd, "userns", errno, NULL, "pipe");
    pid_t helper = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
    if (helper < 0) jc_fail(errfd, "userns", errno, NULL, "cannot create the user namespace");
    if (helper == 0) {
        char c;
        close(gate[1]);
        (void)!read(gate[0], &c, 1);
        _exit(0);
    }
    close(gate[0]);
    char nspath[64];
    snprintf(nspath, sizeof nspath, "/proc/%d/ns/user", helper);
    int fd = -1, e = 0;
    const char *what = "uid_map";
    if (write_map(helper, "uid_map", s->uid_map, s->n_uid_map) < 0) e = errno;
    else if (what = "gid_map", write_map(helper, "gid_map", s->gid_map, s->n_gid_map) < 0) e = errno;
    else if (what = "ns/user", (fd = open(nspath, O_RDONLY | O_CLOEXEC)) < 0) e = errno;
    close(gate[1]);
    while (waitpid(helper, NULL, 0) < 0 && errno == EINTR) {}
    if (fd < 0) jc_fail(errfd, "userns", e, what, "cannot set up the user namespace (%s)", what);
    return fd;
}

/* The host id that container id `id` maps to in map, or -1. */
static long host_id(const char *const *map, int n, unsigned long id) {
    for (int i = 0; i < n; i++) {
        unsigned long c, h, size;
        if (sscanf(map[i], "%lu %lu %lu", &c, &h, &size) == 3 && id >= c && id - c < size) return (long)(h + (id - c));
    }
    return -1;
}

long jc_userns_host_uid(const struct jc_spec *s) { return host_id(s->uid_map, s->n_uid_map, 0); }
long jc_userns_host_gid(const struct jc_spec *s) { return host_id(s->gid_map, s->n_gid_map, 0); }
long jc_userns_host_gid_of(const struct jc_spec *s, unsigned long gid) { return host_id(s->gid_map, s->n_gid_map, gid); }

/*
 * Until the process joins the user namespace, it works on the rootfs as mapped container
 * root (fsuid and fsgid; see setfsuid(2)): the overlay keeps its mounter's credentials for
 * its own work in the idmapped upper dir, where host root has no id, and every file made
 * for the container (mount targets, /dev and its nodes, /dev/shm) belongs to container root.
 * Changing fsuid from 0 drops the file capabilities from the effective set; they come back.
 */
void jc_userns_become_mapped_root(const struct jc_spec *s, int errfd) {
    long uid = jc_userns_host_uid(s), gid = jc_userns_host_gid(s);
    if (uid < 0 || gid < 0) jc_fail(errfd, "userns", EINVAL, NULL, "the maps do not map container root (id 0)");
    setfsgid((gid_t)gid);
    setfsuid((uid_t)uid);
    if (setfsgid((gid_t)-1) != (int)gid || setfsuid((uid_t)-1) != (int)uid)
        jc_fail(errfd, "userns", EPERM, NULL, "cannot act as container root (%ld:%ld)", uid, gid);
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) < 0) jc_fail(errfd, "userns", errno, NULL, "capget");
    data[0].effective = data[0].permitted;
    data[1].effective = data[1].permitted;
    if (syscall(SYS_capset, &hdr, data) < 0) jc_fail(errfd, "userns", errno, NULL, "capset");
}

/* Mounts path idmapped over itself (in our mount namespace only). */
void jc_userns_idmap_over(const struct jc_spec *s, const char *path, int errfd) {
    int m = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (m < 0) jc_fail(errfd, "userns", errno, path, "open_tree");
    struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (unsigned long long)s->userns_fd };
    if (mount_setattr(m, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
        jc_fail(errfd, "userns", errno, path, "cannot make an idmapped mount of the layer (the file system must support idmapped mounts)");
    if (move_mount(m, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
        jc_fail(errfd, "userns", errno, path, "move_mount");
    close(m);
}

/* Joins the container's user namespace: from here on, capabilities count only inside it. */
void jc_userns_enter(int fd, int errfd) {
    if (setns(fd, CLONE_NEWUSER) < 0) jc_fail(errfd, "userns", errno, NULL, "cannot join the user namespace");
}
