package io.jcompose.runtime.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcompose.engine.api.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's default seccomp filter ({@code launcher/seccomp_default.c}, Docker's default
 * profile) as the {@code linux.seccomp} section of an OCI config, so runc and crun confine a
 * bundle the way the launcher does: EPERM for every call not allowed, the same allow-list
 * (by group, plus what each capability unlocks), the same argument rules (socket families,
 * personality, clone without namespace flags) and clone3 answering ENOSYS. Calls newer than
 * the runtime's libseccomp are skipped by runc, which answers ENOSYS for them itself.
 * {@code SeccompProfileTest} keeps these lists equal to the C tables.
 */
public final class SeccompProfile {
    /** Allowed for every container, by what they are for (the C tables of the same names). */
    static final Map<String, List<String>> ALWAYS = new LinkedHashMap<>();
    /** What each capability unlocks (the C table by_capability). */
    static final Map<String, List<String>> BY_CAPABILITY = new LinkedHashMap<>();
    /** Calls that exist only on x86_64 (the C table native_arch on that architecture). */
    static final List<String> X86_64_ONLY = List.of("arch_prctl", "modify_ldt");
    /** Allowed since Linux 4.8 (seccomp runs after ptrace); this runtime needs 5.12 anyway. */
    static final List<String> TRACING = List.of("ptrace", "process_vm_readv", "process_vm_writev");

    private static final int AF_ALG = 38;
    private static final int AF_VSOCK = 40;
    private static final long NAMESPACE_FLAGS = 0x7E020000L;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    static {
        ALWAYS.put("files", List.of(
            "open", "openat", "openat2", "creat", "close", "close_range", "read", "write", "readv",
            "writev", "pread64", "pwrite64", "preadv", "preadv2", "pwritev", "pwritev2", "lseek",
            "_llseek", "dup", "dup2", "dup3", "fcntl", "fcntl64", "ioctl", "flock", "fsync",
            "fdatasync", "sync", "syncfs", "sync_file_range", "truncate", "truncate64", "ftruncate",
            "ftruncate64", "fallocate", "fadvise64", "fadvise64_64", "readahead", "sendfile",
            "sendfile64", "splice", "tee", "vmsplice", "copy_file_range", "stat", "stat64", "lstat",
            "lstat64", "fstat", "fstat64", "fstatat64", "newfstatat", "statx", "statfs", "statfs64",
            "fstatfs", "fstatfs64", "access", "faccessat", "faccessat2", "getdents", "getdents64",
            "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "link",
            "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "rename", "renameat",
            "renameat2", "readlink", "readlinkat", "umask", "chmod", "fchmod", "fchmodat",
            "fchmodat2", "chown", "chown32", "fchown", "fchown32", "fchownat", "lchown", "lchown32",
            "utime", "utimes", "utimensat", "utimensat_time64", "futimesat", "name_to_handle_at",
            "getxattr", "lgetxattr", "fgetxattr", "getxattrat", "setxattr", "lsetxattr",
            "fsetxattr", "setxattrat", "listxattr", "llistxattr", "flistxattr", "listxattrat",
            "removexattr", "lremovexattr", "fremovexattr", "removexattrat", "statmount", "listmount"));
        ALWAYS.put("events", List.of(
            "select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64",
            "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_wait",
            "epoll_wait_old", "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "signalfd",
            "signalfd4", "timerfd_create", "timerfd_settime", "timerfd_settime64",
            "timerfd_gettime", "timerfd_gettime64", "inotify_init", "inotify_init1",
            "inotify_add_watch", "inotify_rm_watch", "fanotify_mark", "pipe", "pipe2", "io_setup",
            "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents",
            "io_pgetevents_time64"));
        ALWAYS.put("memory", List.of(
            "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync",
            "mlock", "mlock2", "mlockall", "munlock", "munlockall", "remap_file_pages",
            "membarrier", "memfd_create", "memfd_secret", "pkey_alloc", "pkey_free",
            "pkey_mprotect", "map_shadow_stack", "mseal"));
        ALWAYS.put("processes", List.of(
            "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid",
            "waitpid", "getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid",
            "setsid", "set_tid_address", "set_robust_list", "get_robust_list", "rseq",
            "restart_syscall", "futex", "futex_time64", "futex_waitv", "futex_wait", "futex_wake",
            "futex_requeue", "get_thread_area", "set_thread_area", "prctl", "capget", "capset",
            "seccomp", "getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32",
            "getegid", "getegid32", "getresuid", "getresuid32", "getresgid", "getresgid32",
            "getgroups", "getgroups32", "setuid", "setuid32", "setgid", "setgid32", "setreuid",
            "setreuid32", "setregid", "setregid32", "setresuid", "setresuid32", "setresgid",
            "setresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32", "setgroups",
            "setgroups32", "getrlimit", "ugetrlimit", "setrlimit", "prlimit64", "getrusage",
            "getpriority", "setpriority", "ioprio_get", "ioprio_set", "sched_yield",
            "sched_getaffinity", "sched_setaffinity", "sched_getattr", "sched_setattr",
            "sched_getparam", "sched_setparam", "sched_getscheduler", "sched_setscheduler",
            "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval",
            "sched_rr_get_interval_time64", "getcpu", "pidfd_open", "pidfd_send_signal",
            "process_mrelease", "landlock_create_ruleset", "landlock_add_rule",
            "landlock_restrict_self", "uname", "sysinfo", "getrandom", "cachestat", "riscv_hwprobe",
            "uretprobe"));
        ALWAYS.put("signals_and_time", List.of(
            "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigpending",
            "rt_sigqueueinfo", "rt_tgsigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
            "rt_sigtimedwait", "rt_sigtimedwait_time64", "sigaltstack", "sigprocmask", "sigreturn",
            "pause", "alarm", "nanosleep", "clock_nanosleep", "clock_nanosleep_time64",
            "clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
            "clock_adjtime", "clock_adjtime64", "adjtimex", "gettimeofday", "time", "times",
            "getitimer", "setitimer", "timer_create", "timer_delete", "timer_getoverrun",
            "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64"));
        ALWAYS.put("ipc", List.of(
            "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname",
            "getpeername", "getsockopt", "setsockopt", "shutdown", "send", "sendto", "sendmsg",
            "sendmmsg", "recv", "recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64", "socketcall",
            "ipc", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop",
            "semtimedop_time64", "semctl", "shmget", "shmat", "shmdt", "shmctl", "mq_open",
            "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive",
            "mq_timedreceive_time64", "mq_notify", "mq_getsetattr"));
        BY_CAPABILITY.put("SYS_ADMIN", List.of("bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen",
                "fspick", "lookup_dcookie", "lsm_get_self_attr", "lsm_list_modules",
                "lsm_set_self_attr", "mount", "mount_setattr", "move_mount", "open_tree",
                "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname",
                "setns", "syslog", "umount", "umount2", "unshare"));
        BY_CAPABILITY.put("DAC_READ_SEARCH", List.of("open_by_handle_at"));
        BY_CAPABILITY.put("SYS_BOOT", List.of("reboot"));
        BY_CAPABILITY.put("SYS_CHROOT", List.of("chroot"));
        BY_CAPABILITY.put("SYS_MODULE", List.of("init_module", "finit_module", "delete_module"));
        BY_CAPABILITY.put("SYS_PACCT", List.of("acct"));
        BY_CAPABILITY.put("SYS_PTRACE", List.of("ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "kcmp",
                "pidfd_getfd"));
        BY_CAPABILITY.put("SYS_RAWIO", List.of("iopl", "ioperm"));
        BY_CAPABILITY.put("SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_settime64"));
        BY_CAPABILITY.put("SYS_TTY_CONFIG", List.of("vhangup"));
        BY_CAPABILITY.put("SYS_NICE", List.of("get_mempolicy", "set_mempolicy", "set_mempolicy_home_node", "mbind"));
        BY_CAPABILITY.put("SYSLOG", List.of("syslog"));
        BY_CAPABILITY.put("BPF", List.of("bpf"));
        BY_CAPABILITY.put("PERFMON", List.of("perf_event_open"));
    }

    private SeccompProfile() {}

    /**
     * The section for a container holding {@code capabilities} (names without CAP_), on the
     * architecture {@code osArch} (Java's os.arch).
     */
    public static ObjectNode of(Set<String> capabilities, String osArch) {
        ObjectNode n = Json.state().createObjectNode();
        n.put("defaultAction", "SCMP_ACT_ERRNO");
        n.put("defaultErrnoRet", EPERM);
        architectures(osArch).forEach(n.putArray("architectures")::add);
        ArrayNode calls = n.putArray("syscalls");
        List<String> allowed = new ArrayList<>();
        ALWAYS.values().forEach(allowed::addAll);
        if (osArch.equals("amd64") || osArch.equals("x86_64")) {
            allowed.addAll(X86_64_ONLY);
        }
        allowed.addAll(TRACING);
        BY_CAPABILITY.forEach((cap, names) -> {
            if (capabilities.contains(cap)) {
                allowed.addAll(names);
            }
        });
        ObjectNode all = calls.addObject();
        allowed.stream().distinct().forEach(all.putArray("names")::add);
        all.put("action", "SCMP_ACT_ALLOW");
        // separate entries are alternatives; the conditions of one entry must all hold
        allowWhen(calls, "socket", 0, AF_ALG, 0, "SCMP_CMP_LT");
        allowWhen(calls, "socket", 0, AF_ALG + 1, 0, "SCMP_CMP_EQ");
        allowWhen(calls, "socket", 0, AF_VSOCK, 0, "SCMP_CMP_GT");
        for (long persona : List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL)) {
            allowWhen(calls, "personality", 0, persona, 0, "SCMP_CMP_EQ");
        }
        if (!capabilities.contains("SYS_ADMIN")) {
            allowWhen(calls, "clone", 0, NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ");
            ObjectNode clone3 = calls.addObject();
            clone3.putArray("names").add("clone3");
            clone3.put("action", "SCMP_ACT_ERRNO");
            clone3.put("errnoRet", ENOSYS);
        }
        return n;
    }

    private static void allowWhen(ArrayNode calls, String name, int index, long value, long valueTwo, String op) {
        ObjectNode c = calls.addObject();
        c.putArray("names").add(name);
        c.put("action", "SCMP_ACT_ALLOW");
        ObjectNode arg = c.putArray("args").addObject();
        arg.put("index", index);
        arg.put("value", value);
        arg.put("valueTwo", valueTwo);
        arg.put("op", op);
    }

    /** The native ABI and the compatibility ABIs it also runs (the launcher's add_compat_arches). */
    static List<String> architectures(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "aarch64":
                return List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            case "s390x":
                return List.of("SCMP_ARCH_S390X", "SCMP_ARCH_S390");
            case "riscv64":
                return List.of("SCMP_ARCH_RISCV64");
            case "ppc64le":
                return List.of("SCMP_ARCH_PPC64LE");
            default:
                throw new IllegalArgumentException("no seccomp architecture known for os.arch " + osArch);
        }
    }
}
