/*
 * The container's mount namespace. Every target is resolved inside the rootfs with
 * openat2(RESOLVE_IN_ROOT) and mounted onto that fd with the new mount API (fsopen,
 * open_tree, move_mount, mount_setattr), so a symlink planted in the image or swapped in
 * while we work cannot redirect a mount to the host. See openat2(2), mount_setattr(2).
 */
#include "launcher.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

enum create_kind { CREATE_NONE, CREATE_DIR, CREATE_FILE };

static int root_fd = -1;
static char root_path[4096];

static int resolve(int dirfd, const char *path) {
    struct open_how how = {
        .flags = O_PATH | O_CLOEXEC,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

/*
 * Creates what is missing of path inside the rootfs. A missing component that is a dangling
 * symlink is followed the way the container would see it (absolute targets restart at the
 * rootfs, ".." stops there), so the directories appear inside the rootfs, never on the host.
 */
static void create_in_root(const char *path, enum create_kind kind, int depth, int errfd) {
    if (depth > 40) jc_fail(errfd, "mount", ELOOP, path, "too many symlinks in the mount target");
    char prefix[4096];
    size_t len = strlen(path);
    if (len >= sizeof prefix) jc_fail(errfd, "mount", ENAMETOOLONG, path, "mount target");
    for (size_t i = 1; i <= len; i++) {
        if (i < len && path[i] != '/') continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        int probe = resolve(root_fd, prefix);
        if (probe >= 0) { close(probe); continue; }
        if (errno != ENOENT) jc_fail(errfd, "mount", errno, prefix, "cannot resolve in the rootfs");
        char *slash = strrchr(prefix, '/');
        const char *name = slash + 1;
        *slash = '\0';
        int parent = resolve(root_fd, *prefix ? prefix : "/");
        if (parent < 0) jc_fail(errfd, "mount", errno, path, "cannot open the parent of the target");
        char link[4096];
        ssize_t n = readlinkat(parent, name, link, sizeof link - 1);
        if (n >= 0) {
            link[n] = '\0';
            char next[8192];
            snprintf(next, sizeof next, "%s%s%s%s", link[0] == '/' ? "" : prefix, link[0] == '/' ? "" : "/", link,
                     path + i);
            close(parent);
            create_in_root(next, kind, depth + 1, errfd);
            return;
        }
        int rc;
        if (i == len && kind == CREATE_FILE) {
            rc = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (rc >= 0) close(rc);
        } else {
            rc = mkdirat(parent, name, 0755);
        }
        close(parent);
        if (rc < 0 && errno != EEXIST) jc_fail(errfd, "mount", errno, path, "cannot create the mount target");
    }
}

/* Opens path inside the rootfs (O_PATH), creating missing components when asked. */
static int open_in_root(const char *path, enum create_kind kind, int errfd) {
    int fd = resolve(root_fd, path);
    if (fd >= 0) return fd;
    if (errno != ENOENT || kind == CREATE_NONE)
        jc_fail(errfd, "mount", errno, path, "cannot resolve the mount target in the rootfs");
    create_in_root(path, kind, 0, errfd);
    fd = resolve(root_fd, path);
    if (fd < 0) jc_fail(errfd, "mount", errno, path, "cannot resolve the created mount target");
    return fd;
}

/* The mount must have landed under the rootfs: check the path the kernel reports for it. */
static void verify_inside(int fd, const char *target, int errfd) {
    char link[64], where[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, where, sizeof where - 1);
    if (n < 0) jc_fail(errfd, "mount", errno, target, "cannot verify where the mount landed");
    where[n] = '\0';
    size_t rl = strlen(root_path);
    if (strncmp(where, root_path, rl) != 0 || (where[rl] != '/' && where[rl] != '\0'))
        jc_fail(errfd, "mount", EXDEV, target, "mount landed outside the rootfs at %s", where);
}

static void attach(int mfd, int target_fd, const char *target, int errfd) {
    if (move_mount(mfd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        jc_fail(errfd, "mount", errno, target, "move_mount");
}

static void set_attr(int fd, unsigned long long set, unsigned long long propagation, int recursive,
                     const char *target, int errfd) {
    struct mount_attr attr = { .attr_set = set, .propagation = propagation };
    if (!set && !propagation) return;
    if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0)
        jc_fail(errfd, "mount", errno, target, "mount_setattr");
}

/* fsopen + fsconfig(k=v,...) + fsmount; returns the detached mount's fd. */
static int make_fs(const char *type, const char *data, unsigned attrs, const char *target, int errfd) {
    int fs = fsopen(type, FSOPEN_CLOEXEC);
    if (fs < 0) jc_fail(errfd, "mount", errno, target, "fsopen %s", type);
    if (fsconfig(fs, FSCONFIG_SET_STRING, "source", type, 0) < 0)
        jc_fail(errfd, "mount", errno, target, "%s source", type);
    char opts[4096];
    snprintf(opts, sizeof opts, "%s", data ? data : "");
    for (char *save = NULL, *kv = strtok_r(opts, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        int rc;
        if (eq) { *eq = '\0'; rc = fsconfig(fs, FSCONFIG_SET_STRING, kv, eq + 1, 0); }
        else rc = fsconfig(fs, FSCONFIG_SET_FLAG, kv, NULL, 0);
        if (rc < 0) jc_fail(errfd, "mount", errno, target, "%s option \"%s\"", type, kv);
    }
    if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
        jc_fail(errfd, "mount", errno, target, "create %s", type);
    int m = fsmount(fs, FSMOUNT_CLOEXEC, attrs);
    if (m < 0) jc_fail(errfd, "mount", errno, target, "fsmount %s", type);
    close(fs);
    return m;
}

/* Mounts a new file system at target (inside the rootfs); returns the mount's fd. */
static int mount_fs(const char *target, const char *type, const char *data, unsigned attrs, int errfd) {
    int tfd = open_in_root(target, CREATE_DIR, errfd);
    int m = make_fs(type, data, attrs, target, errfd);
    attach(m, tfd, target, errfd);
    verify_inside(m, target, errfd);
    close(tfd);
    return m;
}

/* userns: the layers and the upper dir's directory, idmapped over themselves (userns.c) */
static void idmap_layers(const struct jc_spec *s, int errfd) {
    if (s->userns_fd < 0) return;
    for (int i = 0; i < s->n_lower; i++) jc_userns_idmap_over(s, s->lower[i], errfd);
    const char *us = strrchr(s->upper, '/'), *ws = strrchr(s->work, '/');
    if (!us || !ws || us - s->upper != ws - s->work || strncmp(s->upper, s->work, (size_t)(us - s->upper)))
        jc_fail(errfd, "userns", EINVAL, s->upper, "upper and work must share their directory");
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(us - s->upper), s->upper);
    jc_userns_idmap_over(s, dir, errfd);
}

static void step_overlay(const struct jc_spec *s, int errfd) {
    idmap_layers(s, errfd);
    char data[4096];
    size_t n = (size_t)snprintf(data, sizeof data, "lowerdir=");
    for (int i = 0; i < s->n_lower && n < sizeof data; i++)
        n += (size_t)snprintf(data + n, sizeof data - n, "%s%s", i ? ":" : "", s->lower[i]);
    if (n < sizeof data)
        n += (size_t)snprintf(data + n, sizeof data - n, ",upperdir=%s,workdir=%s", s->upper, s->work);
    if (n >= sizeof data)
        jc_fail(errfd, "rootfs", E2BIG, s->rootfs, "overlay options exceed one page (%d layers)", s->n_lower);
    if (mount("overlay", s->rootfs, "overlay", 0, data) < 0)
        jc_fail(errfd, "rootfs", errno, s->rootfs, "cannot mount the overlay (%s)", data);
    root_fd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0 || !realpath(s->rootfs, root_path))
        jc_fail(errfd, "rootfs", errno, s->rootfs, "cannot open the rootfs");
}

/* privileged: every character and block device of the host's /dev, as Docker gives it */
static void host_devices(int dev, int errfd) {
    DIR *d = opendir("/dev");
    if (!d) jc_fail(errfd, "dev", errno, "/dev", "list the host's devices");
    for (struct dirent *e; (e = readdir(d));) {
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) continue;
        if (!strcmp(e->d_name, "console") || !strcmp(e->d_name, "ptmx")) continue;
        if (mknodat(dev, e->d_name, st.st_mode & (S_IFMT | 07777), st.st_rdev) < 0 && errno != EEXIST)
            jc_fail(errfd, "dev", errno, e->d_name, "mknod /dev/%s", e->d_name);
        fchownat(dev, e->d_name, st.st_uid, st.st_gid, 0);
    }
    closedir(d);
}

/*
 * --device: each node in the /dev tmpfs (fd dev) with the host node's type, numbers, mode and owner; one of
 * a default node's name replaces it. Parent directories are made; one that exists as anything but a
 * directory (the fd, stdin, ... symlinks) is refused, so nothing is ever created through a link.
 */
static void user_devices(const struct jc_spec *s, int dev, int errfd) {
    for (int i = 0; i < s->n_devices; i++) {
        const struct jc_device *d = &s->devices[i];
        char rel[4096];
        snprintf(rel, sizeof rel, "%s", d->path + strlen("/dev/"));
        for (char *slash = strchr(rel, '/'); slash; slash = strchr(slash + 1, '/')) {
            *slash = '\0';
            struct stat st;
            if (mkdirat(dev, rel, 0755) < 0 && errno != EEXIST)
                jc_fail(errfd, "dev", errno, d->path, "mkdir /dev/%s", rel);
            if (fstatat(dev, rel, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
                jc_fail(errfd, "dev", ENOTDIR, d->path, "/dev/%s is not a directory", rel);
            *slash = '/';
        }
        if (unlinkat(dev, rel, 0) < 0 && errno != ENOENT)
            jc_fail(errfd, "dev", errno, d->path, "replace %s", d->path);
        if (mknodat(dev, rel, (d->type == 'b' ? S_IFBLK : S_IFCHR) | d->mode, makedev(d->major, d->minor)) < 0)
            jc_fail(errfd, "dev", errno, d->path, "mknod %s", d->path);
        if (fchownat(dev, rel, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
            jc_fail(errfd, "dev", errno, d->path, "chown %s", d->path);
    }
}

/*
 * /dev/shm: a tmpfs of its own; with --ipc host the host's /dev/shm; with --ipc container:X, X's (taken from
 * X's mount namespace, entered through the pidfd the shim checked, together with X's IPC namespace, which
 * the container keeps). Docker mounts the shared ones nosuid,nodev,noexec too.
 */
static void step_shm(const struct jc_spec *s, int errfd) {
    unsigned attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
    const struct jc_join *j = jc_join_of(s, "ipc");
    if (!j && jc_new_ns(s, "ipc")) {
        char shm[64];
        snprintf(shm, sizeof shm, "mode=1777,size=%ld", s->shm_size);
        close(mount_fs("/dev/shm", "tmpfs", shm, attrs, errfd));
        return;
    }
    int own = -1;
    if (j) {
        own = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
        if (own < 0) jc_fail(errfd, "ipc", errno, "/proc/self/ns/mnt", "open the own mount namespace");
        if (setns(j->pidfd, CLONE_NEWIPC | CLONE_NEWNS) < 0)
            jc_fail(errfd, "ipc", errno, j->pid, "cannot join the other container's ipc namespace");
    }
    int m = open_tree(AT_FDCWD, "/dev/shm", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
    int e = errno;
    if (own >= 0 && setns(own, CLONE_NEWNS) < 0) jc_fail(errfd, "ipc", errno, NULL, "back to the own mount namespace");
    if (own >= 0) close(own);
    if (m < 0) jc_fail(errfd, "ipc", e, "/dev/shm", "cannot take the shared /dev/shm");
    int tfd = open_in_root("/dev/shm", CREATE_DIR, errfd);
    attach(m, tfd, "/dev/shm", errfd);
    verify_inside(m, "/dev/shm", errfd);
    set_attr(m, attrs, 0, 0, "/dev/shm", errfd);
    close(m);
    close(tfd);
}

static void step_dev(const struct jc_spec *s, int errfd) {
    int dev = mount_fs("/dev", "tmpfs", "mode=755,size=65536k", MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME, errfd);
    static const struct { const char *name; unsigned maj, min; } nodes[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (mknodat(dev, nodes[i].name, S_IFCHR | 0666, makedev(nodes[i].maj, nodes[i].min)) < 0)
            jc_fail(errfd, "dev", errno, nodes[i].name, "mknod /dev/%s", nodes[i].name);
    static const char *links[][2] = {
        {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"}, {"core", "/proc/kcore"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        /* like runc: /dev/core only where the kernel has /proc/kcore */
        if (!strcmp(links[i][0], "core") && access("/proc/kcore", F_OK) != 0) continue;
        if (symlinkat(links[i][1], dev, links[i][0]) < 0)
            jc_fail(errfd, "dev", errno, links[i][0], "symlink /dev/%s", links[i][0]);
    }
    if (s->privileged) host_devices(dev, errfd);
    user_devices(s, dev, errfd);
    close(dev);
    /* new ptys belong to group tty (5) of the container: with a user namespace, its host id */
    long tty_gid = s->userns_fd >= 0 ? jc_userns_host_gid_of(s, 5) : 5;
    char pts[96];
    int n = snprintf(pts, sizeof pts, "newinstance,ptmxmode=0666,mode=0620");
    if (tty_gid >= 0) snprintf(pts + n, sizeof pts - (size_t)n, ",gid=%ld", tty_gid);
    close(mount_fs("/dev/pts", "devpts", pts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, errfd));
    step_shm(s, errfd);
    close(mount_fs("/dev/mqueue", "mqueue", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, errfd));
}

struct mount_opts { unsigned long long attrs, propagation; int recursive_bind, recursive_prop; };

static void parse_options(const struct jc_mount *m, struct mount_opts *o, int errfd) {
    char opts[1024];
    memset(o, 0, sizeof *o);
    snprintf(opts, sizeof opts, "%s", m->options);
    for (char *save = NULL, *t = strtok_r(opts, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "ro")) o->attrs |= MOUNT_ATTR_RDONLY;
        else if (!strcmp(t, "rw") || !strcmp(t, "bind")) continue;
        else if (!strcmp(t, "rbind")) o->recursive_bind = 1;
        else if (!strcmp(t, "nosuid")) o->attrs |= MOUNT_ATTR_NOSUID;
        else if (!strcmp(t, "nodev")) o->attrs |= MOUNT_ATTR_NODEV;
        else if (!strcmp(t, "noexec")) o->attrs |= MOUNT_ATTR_NOEXEC;
        else if (!strcmp(t, "private") || !strcmp(t, "rprivate")) { o->propagation = MS_PRIVATE; o->recursive_prop = t[0] == 'r'; }
        else if (!strcmp(t, "shared") || !strcmp(t, "rshared")) { o->propagation = MS_SHARED; o->recursive_prop = t[0] == 'r'; }
        else if (!strcmp(t, "slave") || !strcmp(t, "rslave")) { o->propagation = MS_SLAVE; o->recursive_prop = t[0] == 'r'; }
        else jc_fail(errfd, "mount", EINVAL, m->target, "unknown mount option \"%s\"", t);
    }
}

static void step_user_mount(const struct jc_mount *m, int errfd) {
    struct mount_opts o;
    parse_options(m, &o, errfd);
    int mfd, tfd;
    if (!strcmp(m->type, "tmpfs")) {
        tfd = open_in_root(m->target, CREATE_DIR, errfd);
        mfd = make_fs("tmpfs", m->data, 0, m->target, errfd);
    } else if (!strcmp(m->type, "bind")) {
        struct stat st;
        if (stat(m->source, &st) < 0) jc_fail(errfd, "mount", errno, m->source, "bind source");
        tfd = open_in_root(m->target, S_ISDIR(st.st_mode) ? CREATE_DIR : CREATE_FILE, errfd);
        mfd = open_tree(AT_FDCWD, m->source,
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (o.recursive_bind ? AT_RECURSIVE : 0));
        if (mfd < 0) jc_fail(errfd, "mount", errno, m->source, "cannot bind %s", m->source);
    } else {
        jc_fail(errfd, "mount", EINVAL, m->target, "unknown mount type \"%s\"", m->type);
    }
    attach(mfd, tfd, m->target, errfd);
    verify_inside(mfd, m->target, errfd);
    /* read-only and the other flags apply to every submount of an rbind too */
    set_attr(mfd, o.attrs, 0, 1, m->target, errfd);
    set_attr(mfd, 0, o.propagation, o.recursive_prop, m->target, errfd);
    close(mfd);
    close(tfd);
}

/*
 * /sys/fs/cgroup as Docker shows it, read-only: the host's cgroup hierarchies (found in
 * /proc/self/mountinfo) mounted again, which in the container's cgroup namespace shows its
 * own group as the root. A v2-only host gets one cgroup2 mount; v1 a tmpfs with one
 * directory per hierarchy.
 */
static void step_cgroup_fs(int privileged, int errfd) {
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f) jc_fail(errfd, "cgroup", errno, "/proc/self/mountinfo", "read the host's mounts");
    char line[4096], names[32][1024], opts[32][512], types[32][64];
    int n = 0, unified_root = 0;
    while (n < 32 && fgets(line, sizeof line, f)) {
        char mnt[1024], fstype[64], super[512];
        char *sep = strstr(line, " - ");
        if (!sep || sscanf(line, "%*s %*s %*s %*s %1023s", mnt) != 1) continue;
        if (sscanf(sep + 3, "%63s %*s %511s", fstype, super) != 2) continue;
        if (strcmp(fstype, "cgroup") && strcmp(fstype, "cgroup2")) continue;
        if (!strcmp(mnt, "/sys/fs/cgroup")) { unified_root = 1; continue; }
        if (strncmp(mnt, "/sys/fs/cgroup/", 15) || strchr(mnt + 15, '/')) continue;
        /* like runc: a hybrid host's cgroup2 mount (".../unified") is not shown */
        if (!strcmp(fstype, "cgroup2")) continue;
        snprintf(names[n], sizeof names[n], "%s", mnt + 15);
        snprintf(types[n], sizeof types[n], "%s", fstype);
        /* the super options minus rw/ro: the controllers, name=..., nsdelegate, ... */
        opts[n][0] = '\0';
        for (char *save = NULL, *o = strtok_r(super, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
            if (!strcmp(o, "rw") || !strcmp(o, "ro")) continue;
            size_t l = strlen(opts[n]);
            snprintf(opts[n] + l, sizeof opts[n] - l, "%s%s", l ? "," : "", o);
        }
        n++;
    }
    fclose(f);
    unsigned ro = (privileged ? 0 : MOUNT_ATTR_RDONLY) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
    if (unified_root) {
        close(mount_fs("/sys/fs/cgroup", "cgroup2", NULL, ro, errfd));
        return;
    }
    if (n == 0) return;
    int dir = mount_fs("/sys/fs/cgroup", "tmpfs", "mode=755", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, errfd);
    for (int i = 0; i < n; i++) {
        char target[1100];
        snprintf(target, sizeof target, "/sys/fs/cgroup/%.1000s", names[i]);
        close(mount_fs(target, types[i], opts[i], ro, errfd));
    }
    if (!privileged) set_attr(dir, MOUNT_ATTR_RDONLY, 0, 0, "/sys/fs/cgroup", errfd);
    close(dir);
}

static void step_pivot(const struct jc_spec *s, int errfd) {
    if (fchdir(root_fd) < 0) jc_fail(errfd, "pivot_root", errno, s->rootfs, "fchdir");
    /* pivot_root(".", ".") stacks the old root on top of the new one; see pivot_root(2) */
    if (syscall(SYS_pivot_root, ".", ".") < 0) jc_fail(errfd, "pivot_root", errno, s->rootfs, "pivot_root");
    if (umount2(".", MNT_DETACH) < 0) jc_fail(errfd, "pivot_root", errno, s->rootfs, "detach the old root");
    if (chdir("/") < 0) jc_fail(errfd, "pivot_root", errno, "/", "chdir");
    close(root_fd);
    root_fd = -1;
}

void jc_setup_rootfs(const struct jc_spec *s, int errfd) {
    umask(0);
    if (s->userns_fd >= 0) jc_userns_become_mapped_root(s, errfd);
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
        jc_fail(errfd, "rootfs", errno, "/", "make the host mounts slaves");
    step_overlay(s, errfd);
    close(mount_fs("/proc", "proc", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, errfd));
    step_dev(s, errfd);
    close(mount_fs("/sys", "sysfs", NULL,
                   (s->privileged ? 0 : MOUNT_ATTR_RDONLY) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, errfd));
    step_cgroup_fs(s->privileged, errfd);
    for (int i = 0; i < s->n_mounts; i++) step_user_mount(&s->mounts[i], errfd);
    /* a missing working directory is created inside the rootfs, as Docker does */
    if (s->cwd && strcmp(s->cwd, "/")) close(open_in_root(s->cwd, CREATE_DIR, errfd));
    step_pivot(s, errfd);
}

static void mask_path(const char *path, int errfd) {
    int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return;
    if (fd < 0) jc_fail(errfd, "mask", errno, path, "open");
    struct stat st;
    if (fstat(fd, &st) < 0) jc_fail(errfd, "mask", errno, path, "fstat");
    int m;
    if (S_ISDIR(st.st_mode)) m = make_fs("tmpfs", NULL, MOUNT_ATTR_RDONLY, path, errfd);
    else m = open_tree(AT_FDCWD, "/dev/null", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (m < 0) jc_fail(errfd, "mask", errno, path, "mask source");
    if (move_mount(m, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        jc_fail(errfd, "mask", errno, path, "move_mount");
    close(m);
    close(fd);
}

static void readonly_path(const char *path, int errfd) {
    int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return;
    if (fd < 0) jc_fail(errfd, "readonly", errno, path, "open");
    int m = open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
    if (m < 0) jc_fail(errfd, "readonly", errno, path, "open_tree");
    if (move_mount(m, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        jc_fail(errfd, "readonly", errno, path, "move_mount");
    set_attr(m, MOUNT_ATTR_RDONLY, 0, 1, path, errfd);
    close(m);
    close(fd);
}

void jc_finish_rootfs(const struct jc_spec *s, int errfd) {
    for (int i = 0; i < s->n_masked; i++) mask_path(s->masked[i], errfd);
    for (int i = 0; i < s->n_readonly; i++) readonly_path(s->readonly[i], errfd);
    if (s->readonly_rootfs) {
        int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        set_attr(fd, MOUNT_ATTR_RDONLY, 0, 0, "/", errfd);
        close(fd);
    }
    umask(022);
}
