#!/usr/bin/env bash
# Benchmark: `docker run --rm IMAGE true` through the real docker CLI against the jcompose engine (median of N
# runs, default bridge and --network none), and with --with-dockerd against Debian's dockerd in its default
# set-up (docker0 bridge, iptables) in the same loop, each run alternating between the engines so that drift of
# the machine's speed hits both alike. dockerd runs on a socket and directories of its own; the script saves
# the host's iptables rules and ip_forward first and puts them back afterwards, deletes docker0, and purges
# docker.io again if it installed it. Prints the medians and the ratios. Needs root.
#   bench/engine/run.sh [N] [--with-dockerd]
set -euo pipefail
N="${1:-20}"
WITH_DOCKERD="${2:-}"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/jcbench-XXXXXX)"
engine_pid=""; dockerd_pid=""; sysctls_saved=""
# dockerd 20.10 writes its trust key to /etc/docker/key.json; removed again unless it was there before
key_existed=""; [[ -e /etc/docker/key.json ]] && key_existed=yes
# so are the run directories dockerd and its containerd make, and docker.io itself when this script installed it
run_existed=""; [[ -e /run/docker || -e /run/containerd ]] && run_existed=yes
# and its docker cgroup in every hierarchy; the jcompose engine's parent cgroup likewise
cgroups_existed=""; ls -d /sys/fs/cgroup/*/docker /sys/fs/cgroup/docker >/dev/null 2>&1 && cgroups_existed=yes
jc_cgroups_existed=""; ls -d /sys/fs/cgroup/*/jcompose /sys/fs/cgroup/jcompose >/dev/null 2>&1 && jc_cgroups_existed=yes
installed_docker=""
cleanup() {
  if [[ -n "$engine_pid" ]]; then
    DOCKER_HOST="unix://$work/e.sock" docker rm -f $(DOCKER_HOST="unix://$work/e.sock" docker ps -aq) >/dev/null 2>&1 || true
    kill "$engine_pid" 2>/dev/null || true; wait "$engine_pid" 2>/dev/null || true
    [[ -n "$jc_cgroups_existed" ]] || rmdir /sys/fs/cgroup/*/jcompose /sys/fs/cgroup/jcompose 2>/dev/null || true
  fi
  if [[ -n "$dockerd_pid" ]]; then
    DOCKER_HOST="unix://$work/d.sock" docker rm -f $(DOCKER_HOST="unix://$work/d.sock" docker ps -aq) >/dev/null 2>&1 || true
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
    ip link del docker0 2>/dev/null || true
    [[ -s "$work/iptables.saved" ]] && iptables-restore < "$work/iptables.saved"
    [[ -s "$work/ip6tables.saved" ]] && ip6tables-restore < "$work/ip6tables.saved"
    for kv in $sysctls_saved; do sysctl -q -w "$kv" || true; done
    [[ -n "$key_existed" ]] || { rm -f /etc/docker/key.json; rmdir /etc/docker 2>/dev/null || true; }
    [[ -n "$run_existed" ]] || rm -rf /run/docker /run/containerd
    if [[ -z "$cgroups_existed" ]]; then
      for g in /sys/fs/cgroup/*/docker /sys/fs/cgroup/docker; do
        [[ -d "$g" ]] && find "$g" -depth -type d -exec rmdir {} \; 2>/dev/null
      done
    fi
  fi
  if [[ -n "$installed_docker" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q docker.io containerd tini >/dev/null 2>&1 \
      && { getent group docker >/dev/null && groupdel docker; true; }
  fi
  grep -q " $work" /proc/self/mountinfo && awk -v w="$work" '$5 ~ "^"w {print $5}' /proc/self/mountinfo | sort -r | xargs -r umount -l
  rm -rf "$work"
}
trap cleanup EXIT

docker_bin="$(command -v docker || true)"
[[ -x /usr/local/bin/docker ]] && docker_bin=/usr/local/bin/docker
[[ -n "$docker_bin" ]] || { echo "bench: the docker CLI is needed (apt-get install docker.io)" >&2; exit 1; }

# the engine runs as it ships: `jcompose engine` (the launcher script's JVM and flags: Temurin 25 with its AOT
# cache when present, serial GC, C1 only); a first call builds the distribution when sources changed
"$home/jcompose" engine --version >/dev/null
(cd "$home" && ./mvnw -q -B -o -pl test-support dependency:build-classpath -Dmdep.outputFile="$work/ts.cp" >/dev/null)
cat > "$work/MkImg.java" <<'JAVA'
public class MkImg { public static void main(String[] a) { System.out.println(io.jcompose.testing.images.TestImages.busybox(java.nio.file.Path.of(a[0]))); } }
JAVA
tar="$(java -cp "$(ls "$home"/test-support/target/test-support-*.jar | head -1):$(cat "$work/ts.cp")" "$work/MkImg.java" "$work")"

"$home/jcompose" engine --socket "$work/e.sock" --state-dir "$work/state" --ephemeral --network-instance jb \
  >"$work/engine.log" 2>&1 &
engine_pid=$!
for _ in $(seq 1200); do [[ -S "$work/e.sock" ]] && DOCKER_HOST="unix://$work/e.sock" "$docker_bin" version >/dev/null 2>&1 && break; sleep 0.1; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run_ms() { # socket image [docker run flags...]: one run's wall time in ms
  local host="unix://$1" img="$2" start end
  shift 2
  start=$(date +%s%N)
  DOCKER_HOST="$host" "$docker_bin" run --rm "$@" "$img" true >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

DOCKER_HOST="unix://$work/e.sock" "$docker_bin" load -i "$tar" >/dev/null
engines=(e)
if [[ "$WITH_DOCKERD" == "--with-dockerd" ]]; then
  if ! command -v dockerd >/dev/null; then
    # only the package is wanted: its service must not start
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
    rm -f /usr/sbin/policy-rc.d
    installed_docker=yes
  fi
  command -v iptables-save >/dev/null && { iptables-save > "$work/iptables.saved"; ip6tables-save > "$work/ip6tables.saved"; }
  # dockerd turns on forwarding and bridge netfilter; the values are put back afterwards
  for k in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables; do
    v="$(sysctl -n "$k" 2>/dev/null)" && sysctls_saved+=" $k=$v"
  done
  dockerd --host "unix://$work/d.sock" --data-root "$work/dockerd" --exec-root "$work/dexec" \
    --pidfile "$work/dockerd.pid" >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do DOCKER_HOST="unix://$work/d.sock" "$docker_bin" version >/dev/null 2>&1 && break; sleep 0.1; done
  DOCKER_HOST="unix://$work/d.sock" "$docker_bin" load -i "$tar" >/dev/null
  engines=(e d)
fi

img=jcompose-test/busybox
for e in "${engines[@]}"; do  # warm-up, not counted
  for _ in 1 2; do run_ms "$work/$e.sock" "$img" >/dev/null; run_ms "$work/$e.sock" "$img" --network none >/dev/null; done
done
for i in $(seq "$N"); do
  for e in "${engines[@]}"; do
    run_ms "$work/$e.sock" "$img" >> "$work/$e.bridge"
    run_ms "$work/$e.sock" "$img" --network none >> "$work/$e.none"
  done
done

jcb=$(median < "$work/e.bridge"); jcn=$(median < "$work/e.none")
echo "jcompose engine: docker run --rm busybox true (default bridge): median ${jcb} ms of $N"
echo "jcompose engine: docker run --rm --network none busybox true: median ${jcn} ms of $N"
if [[ "$WITH_DOCKERD" == "--with-dockerd" ]]; then
  ddb=$(median < "$work/d.bridge"); ddn=$(median < "$work/d.none")
  version="$(dockerd --version | head -1)"
  echo "dockerd ($version, docker0 bridge and iptables): docker run --rm busybox true: median ${ddb} ms of $N"
  echo "dockerd ($version): docker run --rm --network none busybox true: median ${ddn} ms of $N"
  awk -v a="$jcb" -v b="$ddb" 'BEGIN {printf "ratio jcompose/dockerd, default bridge: %.2f (target: under 0.25)\n", a/b}'
  awk -v a="$jcn" -v b="$ddn" 'BEGIN {printf "ratio jcompose/dockerd, --network none: %.2f (target: under 0.25)\n", a/b}'
fi
echo "jcompose engine JVM: $(readlink "/proc/$engine_pid/exe") ($(tr '\0' ' ' < "/proc/$engine_pid/cmdline" | grep -o -- '-XX:[A-Za-z]*Tiered[^ ]*\|-XX:+Use[A-Za-z]*GC\|-XX:AOTCache' | tr '\n' ' '))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
