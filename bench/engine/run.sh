#!/usr/bin/env bash
# Benchmark: `docker run --rm IMAGE true` against the jcompose engine (median of N runs), and against
# Debian's dockerd when --with-dockerd is given (installs docker.io, starts dockerd on a socket of its own
# for the measurement, stops it afterwards and purges docker.io again if it installed it). Prints the medians
# and the ratio. Needs root.
#   bench/engine/run.sh [N] [--with-dockerd]
set -euo pipefail
N="${1:-20}"
WITH_DOCKERD="${2:-}"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/jcbench-XXXXXX)"
engine_pid=""; dockerd_pid=""
# dockerd 20.10 writes its trust key to /etc/docker/key.json; removed again unless it was there before
key_existed=""; [[ -e /etc/docker/key.json ]] && key_existed=yes
# so are the run directories dockerd and its containerd make, and docker.io itself when this script installed it
run_existed=""; [[ -e /run/docker || -e /run/containerd ]] && run_existed=yes
installed_docker=""
cleanup() {
  if [[ -n "$engine_pid" ]]; then
    DOCKER_HOST="unix://$work/e.sock" docker rm -f $(DOCKER_HOST="unix://$work/e.sock" docker ps -aq) >/dev/null 2>&1 || true
    kill "$engine_pid" 2>/dev/null || true; wait "$engine_pid" 2>/dev/null || true
  fi
  if [[ -n "$dockerd_pid" ]]; then
    kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true
    [[ -n "$key_existed" ]] || { rm -f /etc/docker/key.json; rmdir /etc/docker 2>/dev/null || true; }
    [[ -n "$run_existed" ]] || rm -rf /run/docker /run/containerd
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

# uses the packaged engine (engine/target/lib); builds it only when it is missing
if ! ls "$home"/engine/target/engine-*.jar >/dev/null 2>&1 || [[ ! -d "$home/engine/target/lib" ]]; then
  (cd "$home" && ./mvnw -q -B -o -pl engine -am install -DskipTests >/dev/null 2>&1 \
    || ./mvnw -q -B -pl engine -am install -DskipTests)
fi
cp_="$(ls "$home"/engine/target/engine-*.jar | grep -v tests | head -1):$(ls "$home"/engine/target/lib/*.jar | tr '\n' ':')"
(cd "$home" && ./mvnw -q -B -o -pl test-support dependency:build-classpath -Dmdep.outputFile="$work/ts.cp" >/dev/null)
cat > "$work/MkImg.java" <<'JAVA'
public class MkImg { public static void main(String[] a) { System.out.println(io.jcompose.testing.images.TestImages.busybox(java.nio.file.Path.of(a[0]))); } }
JAVA
tar="$(java -cp "$(ls "$home"/test-support/target/test-support-*.jar | head -1):$(cat "$work/ts.cp")" "$work/MkImg.java" "$work")"

java -XX:+UseSerialGC -cp "$cp_" io.jcompose.engine.cli.EngineMain --socket "$work/e.sock" --state-dir "$work/state" \
  --ephemeral --network-instance jb >"$work/engine.log" 2>&1 &
engine_pid=$!
for _ in $(seq 300); do [[ -S "$work/e.sock" ]] && DOCKER_HOST="unix://$work/e.sock" "$docker_bin" version >/dev/null 2>&1 && break; sleep 0.1; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # socket image [docker run flags...]
  local host="unix://$1" img="$2" i start end
  shift 2
  DOCKER_HOST="$host" "$docker_bin" run --rm "$@" "$img" true >/dev/null   # warm-up
  DOCKER_HOST="$host" "$docker_bin" run --rm "$@" "$img" true >/dev/null
  for i in $(seq "$N"); do
    start=$(date +%s%N)
    DOCKER_HOST="$host" "$docker_bin" run --rm "$@" "$img" true >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | median
}

DOCKER_HOST="unix://$work/e.sock" "$docker_bin" load -i "$tar" >/dev/null
jcb=$(measure "$work/e.sock" jcompose-test/busybox)
echo "jcompose engine: docker run --rm busybox true (default bridge): median ${jcb} ms of $N"
jc=$(measure "$work/e.sock" jcompose-test/busybox --network none)
echo "jcompose engine: docker run --rm --network none busybox true: median ${jc} ms of $N"

if [[ "$WITH_DOCKERD" == "--with-dockerd" ]]; then
  if ! command -v dockerd >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
    installed_docker=yes
  fi
  dockerd --host "unix://$work/d.sock" --data-root "$work/dockerd" --exec-root "$work/dexec" \
    --pidfile "$work/dockerd.pid" --bridge none --iptables=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do DOCKER_HOST="unix://$work/d.sock" "$docker_bin" version >/dev/null 2>&1 && break; sleep 0.1; done
  DOCKER_HOST="unix://$work/d.sock" "$docker_bin" load -i "$tar" >/dev/null
  dd=$(measure "$work/d.sock" jcompose-test/busybox)
  echo "dockerd ($(dockerd --version | head -1), --bridge none so it leaves the host's network alone): median ${dd} ms of $N"
  awk -v a="$jc" -v b="$dd" 'BEGIN {printf "ratio jcompose/dockerd, both without a network: %.2f (target: under 0.25)\n", a/b}'
fi
