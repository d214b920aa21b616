#!/usr/bin/env bash
# Network benchmark (needs root): attach time, name resolution after connect, and TCP throughput
# and latency to a container directly vs through a published port (NAT via a host address,
# host loopback, userland proxy), all in the same run. Prints figures; asserts nothing.
#   bench/network/run.sh            # defaults: 5 rounds x 2 s per path
#   BENCH_SECONDS=5 BENCH_ROUNDS=5 bench/network/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[[ $EUID -eq 0 ]] || { echo "bench/network/run.sh: needs root (creates bridges, netns, iptables rules)" >&2; exit 1; }
cd "$root"
./mvnw -q -B -o -pl network install -DskipTests 2>/dev/null || ./mvnw -q -B -pl network install -DskipTests
cpfile="$(mktemp)"
out="$(mktemp -d)"
trap 'rm -rf "$cpfile" "$out"' EXIT
./mvnw -q -B -o -pl network dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null
cp="$root/network/target/classes:$(cat "$cpfile")"
javac -d "$out" -cp "$cp" "$here"/src/*.java
java -Dbench.seconds="${BENCH_SECONDS:-2}" -Dbench.rounds="${BENCH_ROUNDS:-5}" -cp "$out:$cp" NetworkBench
