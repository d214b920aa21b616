#!/usr/bin/env bash
# Benchmark: create + start + exit of `true` in a busybox container, median of many runs, for
# jcompose's launcher, runc and crun on the same rootfs and an equivalent OCI config (no seccomp
# section, so runc and crun run unconfined; jcompose is shown with and without its filter).
# Then the same through the Java API (ContainerRuntime create/start/awaitExit/remove on a warm
# JVM, the engine's path) when the runtime's test classes are built (./mvnw -pl runtime
# test-compile); MVN_ARGS passes e.g. -Dmaven.repo.local to the classpath lookup.
# Needs root, gcc, python3, busybox-static, runc, crun. Usage: bench/runtime/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-100}"
LAUNCHER="$PWD/runtime/target/launcher/jcompose-launcher"
make -s -C runtime/launcher OUT="$PWD/runtime/target/launcher" >/dev/null
echo "create + start + exit of \`true\` in a busybox container, $RUNS rounds, one run of each per round"
echo "(jcompose: launcher + its own overlay mount + a cgroup in every v1 controller + shim + exit.json;"
echo " runc/crun: \`run\` of one bundle whose overlay rootfs is mounted once beforehand)"
if [ -d /sys/fs/cgroup/memory ] && mountpoint -q /sys/fs/cgroup/unified; then
    # crun refuses a hybrid hierarchy whose cgroup2 mount has a controller (hugetlb here): all
    # three run in a private mount namespace without that mount
    unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec python3 bench/runtime/bench.py "$@"' \
        sh "$RUNS" "$LAUNCHER" jcompose,runc,crun
else
    python3 bench/runtime/bench.py "$RUNS" "$LAUNCHER" jcompose,runc,crun
fi
if [ -f runtime/target/test-classes/io/jcompose/runtime/container/JavaPathBench.class ]; then
    cp_file="$(mktemp)"
    trap 'rm -f "$cp_file"' EXIT
    ./mvnw -q -B -o ${MVN_ARGS:-} -pl runtime dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$cp_file" >/dev/null
    java -cp "runtime/target/test-classes:runtime/target/classes:$(cat "$cp_file")" -Djcompose.launcher="$LAUNCHER" \
        io.jcompose.runtime.container.JavaPathBench "$RUNS"
fi
