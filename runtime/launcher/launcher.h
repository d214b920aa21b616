/*
 * jcompose-launcher: starts one container (run mode) or one extra process in a running
 * container (exec mode) from a spec read on fd 0, answers on fd 1 with one JSON line
 * ({"pid":N,...} or an error record), and stays behind as the process's monitor ("shim").
 *
 * Spec format (see docs/runtime.md): a sequence of NUL-terminated strings; each entry is
 * a key followed by a fixed number of values for that key. Keys may repeat (arg, env, ...).
 */
#ifndef JC_LAUNCHER_H
#define JC_LAUNCHER_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <sys/types.h>

#define JC_MAX_LIST 256

enum jc_mode { JC_MODE_RUN, JC_MODE_EXEC };

struct jc_mount {
    const char *type;    /* "bind" or "tmpfs" */
    const char *source;  /* host path (bind) */
    const char *target;  /* path inside the container */
    const char *options; /* comma list: ro,rbind,nosuid,nodev,noexec,private,rprivate,... */
    const char *data;    /* tmpfs: size=...,mode=... */
};

struct jc_rlimit { const char *name; const char *soft; const char *hard; };
/* a running container's namespace to join: "pid" or "ipc", its init's pid and start time */
struct jc_join { const char *ns; const char *pid; const char *start; int pidfd; };
/* a host device node made in the container's /dev and allowed by the device cgroup */
struct jc_device { char type; unsigned major, minor, mode, uid, gid; const char *perms; const char *path; };
#define JC_MAX_DEVICES 64
/* one more device cgroup allow entry: type 'a', 'b' or 'c', numbers -1 = any */
struct jc_device_rule { char type; int major, minor; const char *perms; };
struct jc_pair { const char *key; const char *value; };

struct jc_spec {
    enum jc_mode mode;
    const char *id;
    const char *state_dir;   /* shim files: exit.json, running.json, attach.sock */
    const char *log_path;    /* json-lines log; empty = no log */
    const char *attach_socket; /* unix socket path for attach; empty = state_dir/attach.sock */
    long log_max_size;       /* bytes, 0 = unlimited */
    int log_max_files;
    /* rootfs */
    const char *rootfs;      /* mount point (empty directory) */
    const char *lower[JC_MAX_LIST]; int n_lower; /* overlay order: top first */
    const char *upper, *work;
    int readonly_rootfs;
    /* namespaces */
    const char *ns[16]; int n_ns;
    const char *netns_path;  /* join instead of creating (empty = new, joined (joins) or none) */
    struct jc_join joins[3]; int n_joins; /* run mode: other containers' pid/ipc/net namespaces */
    const char *target_pid;  /* exec mode: the container's init pid */
    const char *target_start; /* exec mode: its start time (field 22 of /proc/pid/stat), against pid reuse */
    int target_pidfd;        /* exec mode: pidfd of target_pid, opened by the shim */
    /* cgroup */
    const char *cgroup_procs[JC_MAX_LIST]; int n_cgroup_procs;
    const char *devices_dir; /* v1 devices cgroup of the container: gets the allow-list */
    const char *devices_bpf; /* v2 group of the container: gets the allow-list as a BPF program */
    const char *oom_file;    /* memory.oom_control (v1) or memory.events (v2) */
    struct jc_device devices[JC_MAX_DEVICES]; int n_devices;
    struct jc_device_rule device_rules[JC_MAX_DEVICES]; int n_device_rules;
    /* mounts */
    struct jc_mount mounts[JC_MAX_LIST]; int n_mounts;
    const char *masked[JC_MAX_LIST]; int n_masked;
    const char *readonly[JC_MAX_LIST]; int n_readonly;
    long shm_size;
    /* identity and security */
    const char *hostname, *domainname;
    struct jc_pair sysctls[JC_MAX_LIST]; int n_sysctls;
    struct jc_rlimit rlimits[32]; int n_rlimits;
    const char *caps[64]; int n_caps; /* names; "ALL" keeps everything the launcher holds */
    int privileged; /* /sys and /sys/fs/cgroup read-write, the host's devices in /dev */
    int seccomp;
    const char *seccomp_cache; /* root-only directory for compiled filters; empty = none */
    int no_new_privs;
    const char *uid, *gid;
    const char *groups[JC_MAX_LIST]; int n_groups;
    /* user namespace: "CONTAINER HOST SIZE" lines; none = no user namespace */
    const char *uid_map[JC_MAX_LIST]; int n_uid_map;
    const char *gid_map[JC_MAX_LIST]; int n_gid_map;
    int userns_fd;           /* run mode: the namespace made by the shim, -1 = none */
    /* process */
    const char *cwd;
    const char *args[JC_MAX_LIST]; int n_args;
    const char *env[JC_MAX_LIST * 4]; int n_env;
    int tty, open_stdin, stdin_once;
    int tty_rows, tty_cols; /* initial window size; 0 = leave the kernel's 0x0 */
};

/* report.c: with JCOMPOSE_LAUNCHER_TRACE=1 in the environment, stage timings go to stderr */
void jc_trace(const char *stage);

/* spec.c */
int jc_spec_read(int fd, struct jc_spec *spec);

/* report.c: one JSON error record, then exit */
void jc_fail(int fd, const char *step, int err, const char *path, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 5, 6)));
void jc_json_string(char *out, size_t size, const char *in);
void jc_now_rfc3339(char *out, size_t size);
int jc_write_atomic(const char *dir, const char *name, const char *content);
int jc_send_fd(int sock, int fd);
int jc_recv_fd(int sock);

/* devices.c: 0 or -errno */
int jc_attach_device_filter(const struct jc_spec *spec, const char *cgroup2_dir);

/* spec.c: the spec asks for a new namespace of this kind ("ipc", "uts", ...) */
int jc_new_ns(const struct jc_spec *spec, const char *ns);
/* spec.c: the join of this kind ("pid", "ipc"), or NULL */
const struct jc_join *jc_join_of(const struct jc_spec *spec, const char *ns);

/* container.c: runs in the new process; never returns (execs or fails on errfd) */
void jc_container_main(const struct jc_spec *spec, int console, int errfd) __attribute__((noreturn));
void jc_exec_main(const struct jc_spec *spec, int console, int errfd) __attribute__((noreturn));

/* mounts.c */
void jc_setup_rootfs(const struct jc_spec *spec, int errfd);
void jc_finish_rootfs(const struct jc_spec *spec, int errfd);

/* security.c */
void jc_apply_sysctls(const struct jc_spec *spec, int errfd);
void jc_apply_rlimits(const struct jc_spec *spec, int errfd);
void jc_apply_identity_and_caps(const struct jc_spec *spec, int errfd);
void jc_prepare_seccomp(const struct jc_spec *spec, int errfd);
void jc_apply_seccomp(const struct jc_spec *spec, int errfd);

/* userns.c */
int jc_userns_wanted(const struct jc_spec *spec);
int jc_userns_create(const struct jc_spec *spec, int errfd);
long jc_userns_host_uid(const struct jc_spec *spec);
long jc_userns_host_gid(const struct jc_spec *spec);
long jc_userns_host_gid_of(const struct jc_spec *spec, unsigned long gid);
void jc_userns_become_mapped_root(const struct jc_spec *spec, int errfd);
void jc_userns_idmap_over(const struct jc_spec *spec, const char *path, int errfd);
void jc_userns_enter(int fd, int errfd);

/* shim.c: the monitor loop; records the exit through jc_record_exit */
struct jc_stdio { int in_w, out_r, err_r, pty_master; };
void jc_shim_run(const struct jc_spec *spec, pid_t child, struct jc_stdio *io, int listen_fd, int control_fd);
/* main.c: the child moves itself into its v1 groups; exit.json */
void jc_join_cgroups(const struct jc_spec *spec, int errfd);
void jc_record_exit(const struct jc_spec *spec, int status);

#endif
