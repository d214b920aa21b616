package io.jcompose.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The real docker CLI's resource, ulimit, sysctl, security, group and DNS flags, {@code docker update} and
 * {@code docker diff}, checked from inside the containers (cgroup files, /proc, /etc/resolv.conf).
 */
class DockerResourcesE2E extends DockerCliBase {

    /** The first line of a cgroup v1 control file of the container, read from inside it. */
    private static String cgroupFile(String controller, String file) {
        return "cat /sys/fs/cgroup/" + controller + "/" + file + " 2>/dev/null || cat /sys/fs/cgroup/" + controller
                + ",*/" + file;
    }

    @Test
    @DisplayName("--cpus, --cpu-quota/--cpu-period, --cpuset-cpus, --cpu-shares and --pids-limit reach the container's cgroup")
    void cpu() {
        assertThat(ok("run", "--rm", "--cpus", "0.5", image, "sh", "-c", cgroupFile("cpu", "cpu.cfs_quota_us")
                + "; " + cgroupFile("cpu", "cpu.cfs_period_us")).out()).isEqualTo("50000\n100000\n");
        assertThat(ok("run", "--rm", "--cpu-quota", "20000", "--cpu-period", "50000", "--cpu-shares", "512",
                "--cpuset-cpus", "0", "--pids-limit", "33", image, "sh", "-c",
                cgroupFile("cpu", "cpu.cfs_quota_us") + "; " + cgroupFile("cpu", "cpu.cfs_period_us") + "; "
                        + cgroupFile("cpu", "cpu.shares") + "; cat /sys/fs/cgroup/cpuset/cpuset.cpus;"
                        + " cat /sys/fs/cgroup/pids/pids.max").out())
                .isEqualTo("20000\n50000\n512\n0\n33\n");
        Docker.Result both = fails("run", "--rm", "--cpus", "0.5", "--cpu-quota", "20000", image, "true");
        assertThat(both.err()).contains("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }

    @Test
    @DisplayName("--memory, --memory-swap (-1 = unlimited), --memory-reservation, --memory-swappiness and --oom-kill-disable reach the memory cgroup")
    void memory() {
        String files = "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"
                + " /sys/fs/cgroup/memory/memory.soft_limit_in_bytes";
        assertThat(ok("run", "--rm", "-m", "64m", "--memory-swap", "96m", "--memory-reservation", "32m", image,
                "sh", "-c", files).out()).isEqualTo("67108864\n100663296\n33554432\n");
        String unlimited = ok("run", "--rm", "-m", "64m", "--memory-swap", "-1", image, "sh", "-c", files).out();
        assertThat(unlimited.lines().toList().get(0)).isEqualTo("67108864");
        assertThat(Long.parseLong(unlimited.lines().toList().get(1))).isGreaterThan(1L << 50);
        assertThat(ok("run", "--rm", "-m", "64m", image, "sh", "-c", files).out().lines().toList().get(1))
                .isEqualTo("134217728");
        assertThat(fails("run", "--rm", "-m", "64m", "--memory-swap", "32m", image, "true").err())
                .contains("Minimum memoryswap limit should be larger than memory limit");
        assertThat(ok("run", "--rm", "-m", "64m", "--memory-swappiness", "10", "--oom-kill-disable", image, "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.swappiness; grep oom_kill_disable /sys/fs/cgroup/memory/memory.oom_control")
                .out()).isEqualTo("10\noom_kill_disable 1\n");
    }

    @Test
    @DisplayName("--init runs docker-init as PID 1 with the command under it, and inspect says so")
    void init() {
        assertThat(ok("run", "--rm", "--init", image, "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$")
                .out()).startsWith("/sbin/docker-init -- sh -c").doesNotEndWith("\n1\n");
        ok("create", "--name", "inited", "--init", image, "true");
        try {
            assertThat(ok("inspect", "-f", "{{.HostConfig.Init}}", "inited").out().strip()).isEqualTo("true");
        } finally {
            docker.run("rm", "-f", "inited");
        }
    }

    @Test
    @DisplayName("--ulimit lowers a limit inside, for execs too; raising one above the engine's hard limit fails naming it")
    void ulimits() {
        assertThat(ok("run", "--rm", "--ulimit", "nofile=512:512", image, "sh", "-c", "ulimit -n; ulimit -Hn").out())
                .isEqualTo("512\n512\n");
        assertThat(ok("run", "--rm", "--ulimit", "nproc=100:200", image, "sh", "-c", "ulimit -u; ulimit -Hu").out())
                .isEqualTo("100\n200\n");
        ok("run", "-d", "--name", "lim", "--ulimit", "nofile=256:300", image, "sleep", "600");
        try {
            assertThat(ok("exec", "lim", "sh", "-c", "ulimit -n; ulimit -Hn").out()).isEqualTo("256\n300\n");
        } finally {
            docker.run("rm", "-f", "lim");
        }
        Docker.Result raised = fails("run", "--rm", "--ulimit", "nofile=1073741816:1073741816", image, "true");
        assertThat(raised.err()).contains("ulimit \"nofile\"").contains("above the hard limit");
        assertThat(engine.logText()).doesNotContain("Exception in thread");
    }

    @Test
    @DisplayName("--sysctl sets namespaced keys inside; a host-wide key is a 400 naming it")
    void sysctls() {
        assertThat(ok("run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shmmni=1000", image,
                "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/shmmni").out()).isEqualTo("1\n1000\n");
        Docker.Result bad = fails("run", "--rm", "--sysctl", "vm.swappiness=10", image, "true");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("vm.swappiness").contains("not allowed");
    }

    @Test
    @DisplayName("--security-opt seccomp=unconfined drops the filter, no-new-privileges and label=disable are accepted, a profile is a 400")
    void securityOpts() throws Exception {
        assertThat(ok("run", "--rm", image, "grep", "-E", "^(Seccomp|NoNewPrivs):", "/proc/self/status").out())
                .isEqualTo("NoNewPrivs:\t1\nSeccomp:\t2\n");
        assertThat(ok("run", "--rm", "--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges",
                "--security-opt", "label=disable", image, "grep", "^Seccomp:", "/proc/self/status").out())
                .isEqualTo("Seccomp:\t0\n");
        Path profile = engine.dir.resolve("profile.json");
        Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        Docker.Result custom = fails("run", "--rm", "--security-opt", "seccomp=" + profile, image, "true");
        assertThat(custom.code()).isEqualTo(125);
        assertThat(custom.err()).contains("HostConfig.SecurityOpt").contains("custom seccomp profiles are not supported");
    }

    @Test
    @DisplayName("--group-add takes group names from the image's /etc/group and numbers")
    void groupAdd() {
        assertThat(ok("run", "--rm", "--group-add", "app", "--group-add", "4242", image, "grep", "^Groups:",
                "/proc/self/status").out().strip()).isEqualTo("Groups:\t1000 4242");
        assertThat(fails("run", "--rm", "--group-add", "nosuchgroup", image, "true").err())
                .contains("unable to find group nosuchgroup");
    }

    @Test
    @DisplayName("--dns-search and --dns-option land in /etc/resolv.conf")
    void dnsSearchAndOptions() {
        String resolv = ok("run", "--rm", "--dns-search", "example.org", "--dns-search", "corp.test", "--dns-option",
                "ndots:2", image, "cat", "/etc/resolv.conf").out();
        assertThat(resolv).contains("search example.org corp.test").contains("options ndots:2");
    }

    @Test
    @DisplayName("inspect shows the host config as Docker does")
    void inspect() {
        ok("create", "--name", "shown", "--cpus", "1.5", "-m", "64m", "--memory-reservation", "32m", "--cpuset-cpus",
                "0", "--ulimit", "nofile=512:1024", "--sysctl", "net.ipv4.ip_forward=1", "--security-opt",
                "seccomp=unconfined", "--group-add", "app", "--dns-search", "example.org", "--dns-option", "ndots:2",
                "--pids-limit", "50", "--cpu-shares", "256", image, "true");
        try {
            assertThat(ok("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}"
                    + " {{.HostConfig.MemoryReservation}} {{.HostConfig.CpusetCpus}} {{.HostConfig.PidsLimit}}"
                    + " {{.HostConfig.CpuShares}}", "shown").out().strip())
                    .isEqualTo("1500000000 67108864 134217728 33554432 0 50 256");
            assertThat(ok("inspect", "-f", "{{json .HostConfig.Ulimits}} {{json .HostConfig.Sysctls}}"
                    + " {{json .HostConfig.SecurityOpt}} {{json .HostConfig.GroupAdd}} {{json .HostConfig.DnsSearch}}"
                    + " {{json .HostConfig.DnsOptions}}", "shown").out().strip())
                    .isEqualTo("[{\"Hard\":1024,\"Name\":\"nofile\",\"Soft\":512}] {\"net.ipv4.ip_forward\":\"1\"}"
                            + " [\"seccomp=unconfined\"] [\"app\"] [\"example.org\"] [\"ndots:2\"]");
        } finally {
            docker.run("rm", "-f", "shown");
        }
    }

    @Test
    @DisplayName("docker update changes the limits of a running container, and of a stopped one for its next start")
    void update() {
        ok("run", "-d", "--name", "upd", image, "sleep", "600");
        try {
            ok("update", "--memory", "64m", "--cpus", "0.5", "upd");
            assertThat(ok("exec", "upd", "sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes; "
                    + cgroupFile("cpu", "cpu.cfs_quota_us")).out()).isEqualTo("67108864\n50000\n");
            assertThat(ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", "upd").out().strip())
                    .isEqualTo("67108864 500000000");
            ok("update", "--restart", "on-failure:3", "upd");
            assertThat(ok("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                    "upd").out().strip()).isEqualTo("on-failure:3");
            ok("stop", "-t", "0", "upd");
            ok("update", "--pids-limit", "40", "--memory", "96m", "--memory-swap", "192m", "upd");
            ok("start", "upd");
            assertThat(ok("exec", "upd", "sh", "-c", "cat /sys/fs/cgroup/pids/pids.max"
                    + " /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes").out())
                    .isEqualTo("40\n100663296\n201326592\n");
            assertThat(fails("update", "--cpu-quota", "20000", "upd").err())
                    .contains("CPU Quota cannot be updated as NanoCPUs has already been set");
            assertThat(fails("update", "--blkio-weight", "300", "upd").err()).contains("unsupported field BlkioWeight");
        } finally {
            docker.run("rm", "-f", "upd");
        }
    }

    @Test
    @DisplayName("a restart policy set by docker update is the one the supervisor follows")
    void updatedRestartPolicyApplies() throws Exception {
        ok("run", "-d", "--name", "rp", image, "sh", "-c", "while [ ! -f /tmp/go ]; do sleep 0.1; done; exit 3");
        try {
            ok("update", "--restart", "on-failure:1", "rp");
            ok("exec", "rp", "touch", "/tmp/go");
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            String state = "";
            while (System.nanoTime() < deadline && !state.equals("1 exited 3")) {
                state = ok("inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "rp").out().strip();
                Thread.sleep(100);
            }
            assertThat(state).isEqualTo("1 exited 3");
        } finally {
            docker.run("rm", "-f", "rp");
        }
    }

    @Test
    @DisplayName("docker diff prints what the container added, changed and deleted, like Docker")
    void diff() {
        ok("run", "-d", "--name", "dif", image, "sleep", "600");
        try {
            assertThat(ok("diff", "dif").out()).isEmpty();
            ok("exec", "dif", "sh", "-c", "mkdir /newdir; echo x > /newdir/f; rm /etc/group; echo x >> /etc/passwd;"
                    + " touch /tmp/x; rm -r /home/app; mkdir /home/app");
            assertThat(ok("diff", "dif").out()).isEqualTo("""
                    C /etc
                    D /etc/group
                    C /etc/passwd
                    C /home
                    D /home/app
                    A /newdir
                    A /newdir/f
                    C /tmp
                    A /tmp/x
                    """);
            ok("stop", "-t", "0", "dif");
            assertThat(ok("diff", "dif").out()).contains("D /etc/group");
        } finally {
            docker.run("rm", "-f", "dif");
        }
    }
}
