"""Times create+start+exit of `true` for jcompose-launcher, runc and crun. See run.sh."""
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1])
LAUNCHER = sys.argv[2]
TOOLS = sys.argv[3].split(",")
CGROUP_V1 = "/sys/fs/cgroup"
CONTROLLERS = ["memory", "pids", "cpu", "cpuacct", "cpuset", "freezer", "blkio", "devices"]
CAPS = ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
        "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"]
MASKED = ["/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
          "/sys/devices/virtual/powercap"]
READONLY = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]


def layer(root):
    os.makedirs(f"{root}/bin")
    shutil.copy2("/bin/busybox", f"{root}/bin/busybox")
    for applet in ["sh", "true"]:
        os.symlink("busybox", f"{root}/bin/{applet}")
    for d in ["proc", "sys", "dev", "etc", "tmp"]:
        os.makedirs(f"{root}/{d}")
    return root


def cgroup_dirs(name):
    return [f"{CGROUP_V1}/{c}/{name}" for c in CONTROLLERS if os.path.isdir(f"{CGROUP_V1}/{c}")]


def ours_once(tmp, lower, i, seccomp=True):
    """What ContainerRuntime.start does: cgroup, rw layer, launcher spec; then wait for exit.json."""
    d = f"{tmp}/ours/{i}"
    for sub in ["upper", "work", "rootfs"]:
        os.makedirs(f"{d}/{sub}")
    groups = cgroup_dirs(f"jcompose-bench-{os.getpid()}-{i}")
    for g in groups:
        os.mkdir(g)
        if g.endswith("cpuset/" + os.path.basename(g)):
            for f in ["cpuset.cpus", "cpuset.mems"]:
                with open(f"{os.path.dirname(g)}/{f}") as src, open(f"{g}/{f}", "w") as dst:
                    dst.write(src.read())
    spec = ["mode", "run", "id", f"bench{i}", "state_dir", d, "attach_socket", f"{d}/a.sock",
            "rootfs", f"{d}/rootfs", "lower", lower, "upper", f"{d}/upper", "work", f"{d}/work"]
    for ns in ["mnt", "pid", "uts", "ipc", "cgroup", "net"]:
        spec += ["ns", ns]
    for g in groups:
        spec += ["cgroup_procs", f"{g}/cgroup.procs"]
    for p in MASKED:
        spec += ["masked", p]
    for p in READONLY:
        spec += ["readonly", p]
    for c in CAPS:
        spec += ["cap", c]
    spec += ["hostname", "bench", "seccomp", "1" if seccomp else "0", "seccomp_cache", f"{tmp}/seccomp",
             "env", "PATH=/bin", "arg", "true"]
    data = b"".join(s.encode() + b"\0" for s in spec)
    out = subprocess.run([LAUNCHER], input=data, capture_output=True, check=True).stdout
    if b'"pid"' not in out:
        raise SystemExit(f"launcher failed: {out!r}")
    # the shim exits right after writing exit.json: wait for it without burning a CPU
    shim = os.pidfd_open(json.loads(out)["shim_pid"])
    try:
        if not select.select([shim], [], [], 10)[0]:
            raise SystemExit("container did not exit")
    finally:
        os.close(shim)
    if not os.path.exists(f"{d}/exit.json"):
        raise SystemExit("no exit.json")
    # what remove() does after the exit: the cgroup goes
    for g in groups:
        os.rmdir(g)
    return d


def oci_config():
    mounts = [
        {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
        {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
         "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
        {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]},
        {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
        {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
         "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]},
    ]
    caps = ["CAP_" + c for c in CAPS]
    return {
        "ociVersion": "1.0.2",
        "process": {"terminal": False, "user": {"uid": 0, "gid": 0}, "args": ["true"], "env": ["PATH=/bin"], "cwd": "/",
                    "capabilities": {"bounding": caps, "effective": caps, "permitted": caps}, "noNewPrivileges": True},
        "root": {"path": "rootfs", "readonly": False},
        "hostname": "bench",
        "mounts": mounts,
        "linux": {"namespaces": [{"type": t} for t in ["pid", "ipc", "uts", "mount", "cgroup", "network"]],
                  "maskedPaths": MASKED, "readonlyPaths": READONLY, "resources": {}},
    }


def run_oci(tool, state, bundle, i):
    r = subprocess.run([tool, "--root", state, "run", "--bundle", bundle, f"bench-{tool}-{i}"],
                       stdin=subprocess.DEVNULL, capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"{tool} failed: {r.stderr.decode()}")


def timed(fn, runs):
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(name, times):
    times.sort()
    q = statistics.quantiles(times, n=10)
    print(f"{name:18s} median {statistics.median(times):7.2f} ms   p10 {q[0]:7.2f}   p90 {q[-1]:7.2f}   (n={len(times)})")


def main():
    tmp = tempfile.mkdtemp(prefix="jcompose-bench-")
    lower = layer(f"{tmp}/layer")
    bundle = f"{tmp}/bundle"
    os.makedirs(f"{bundle}/rootfs")
    os.makedirs(f"{bundle}/upper")
    os.makedirs(f"{bundle}/work")
    with open(f"{bundle}/config.json", "w") as f:
        json.dump(oci_config(), f)
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                    f"lowerdir={lower},upperdir={bundle}/upper,workdir={bundle}/work", f"{bundle}/rootfs"], check=True)
    try:
        # one run of each tool per round, so load from elsewhere on the machine hits all alike
        runners = {}
        if "jcompose" in TOOLS:
            runners["jcompose-launcher"] = lambda i: ours_once(tmp, lower, i)
            runners["  without seccomp"] = lambda i: ours_once(tmp, lower, RUNS + i, False)
        for tool in [t for t in TOOLS if t != "jcompose"]:
            if shutil.which(tool) is None:
                print(f"{tool}: not installed, skipped")
                continue
            runners[tool] = lambda i, tool=tool: run_oci(tool, f"{tmp}/{tool}-state", bundle, i)
        results = {name: [] for name in runners}
        for i in range(RUNS):
            for name, fn in runners.items():
                t0 = time.perf_counter()
                fn(i)
                results[name].append((time.perf_counter() - t0) * 1000)
        for name, times in results.items():
            report(name, times)
    finally:
        subprocess.run(["umount", "-l", f"{bundle}/rootfs"], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


main()
