#!/usr/bin/env bash
# Container network set-up benchmark (needs root): createNamespace with one veth through the processes
# (unshare, nsenter, ip, nft) vs through jcompose-netns (one C program: rtnetlink and libnftables), with and
# without DNS rules. Prints figures; asserts nothing.
#   bench/network/attach.sh            # 50 rounds
#   BENCH_ROUNDS=200 bench/network/attach.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[[ $EUID -eq 0 ]] || { echo "bench/network/attach.sh: needs root (creates a bridge, netns, veths)" >&2; exit 1; }
cd "$root"
repo=()
[[ -n "${MAVEN_REPO:-}" ]] && repo=("-Dmaven.repo.local=$MAVEN_REPO")
./mvnw -q -B -o "${repo[@]}" -pl network install -DskipTests 2>/dev/null || ./mvnw -q -B "${repo[@]}" -pl network install -DskipTests
cpfile="$(mktemp)"
out="$(mktemp -d)"
trap 'rm -rf "$cpfile" "$out"' EXIT
./mvnw -q -B -o "${repo[@]}" -pl network dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null
cp="$root/network/target/classes:$(cat "$cpfile")"
javac -d "$out" -cp "$cp" "$here"/attach/AttachBench.java
java -Dbench.rounds="${BENCH_ROUNDS:-50}" -Djcompose.netns-helper="$root/network/target/netns/jcompose-netns" \
  -cp "$out:$cp" AttachBench
