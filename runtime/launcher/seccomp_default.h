/*
 * The default seccomp filter of a container: the effect of Docker's default profile
 * (moby/profiles seccomp/default.json): every system call fails with EPERM unless it is on
 * the allow list; some are allowed only with certain arguments or when the container holds
 * a capability (mount, unshare, setns, ... with CAP_SYS_ADMIN; chroot with CAP_SYS_CHROOT).
 *
 * Call it as the last step before execve(2), after PR_SET_NO_NEW_PRIVS: a process without
 * no_new_privs may load a filter only while it holds CAP_SYS_ADMIN (see seccomp(2)); these
 * functions never set no_new_privs themselves. Every call the launcher makes after the
 * filter (setresuid, capset, prctl, chdir, close_range, execve) is allowed, so it may also be
 * installed earlier, before the capabilities are dropped.
 *
 * Link with -lseccomp (Debian: libseccomp-dev). Return values: 0, or a negative errno.
 */
#ifndef JC_SECCOMP_DEFAULT_H
#define JC_SECCOMP_DEFAULT_H

#include <stdint.h>

/* Installs the default filter for the capabilities in this process's bounding set. */
int jc_seccomp_install_default(void);

/* Installs the default filter for the capability set caps (bit n = capability n). */
int jc_seccomp_install_default_caps(uint64_t caps);

/* security_opt seccomp=unconfined / privileged: installs nothing, returns 0. */
int jc_seccomp_install_unconfined(void);

/* The capabilities of this process's bounding set, bit n = capability n. */
uint64_t jc_seccomp_bounding_caps(void);

/*
 * Building the program with libseccomp takes milliseconds (about 15 ms here); a container
 * start should not pay that every time. Prepare it early (before pivot_root, while the
 * host's file system is still in reach), passing a cache directory that only root can
 * write (e.g. /run/jcompose/seccomp; created 0700 if missing, its parent must exist), and install it right before
 * execve. A cache file that root does not own, or that others can write, is replaced; a
 * cache that cannot be written is skipped. cache_dir may be NULL (no cache).
 * Returns 1 when the program came from the cache, 0 when it was compiled, or -errno.
 */
struct jc_seccomp_filter;
int jc_seccomp_prepare_default(uint64_t caps, const char *cache_dir, struct jc_seccomp_filter **out);

/* Installs a prepared program (after no_new_privs, right before execve). 0 or -errno. */
int jc_seccomp_install_prepared(const struct jc_seccomp_filter *filter);

/* Frees a prepared program (NULL is fine). */
void jc_seccomp_free(struct jc_seccomp_filter *filter);

/* Writes the filter for caps as readable pseudo code (libseccomp's PFC) to fd, for debugging. */
int jc_seccomp_export_default(int fd, uint64_t caps);

#endif
