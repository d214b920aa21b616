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

/* Writes the filter for caps as readable pseudo code (libseccomp's PFC) to fd, for debugging. */
int jc_seccomp_export_default(int fd, uint64_t caps);

#endif
