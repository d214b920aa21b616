#!/usr/bin/env bash
# Times `./jcompose -f FILE config` on a generated 50-service project, cold JVM start included.
# Usage: bench/config/run.sh [RUNS] [SERVICES]   (defaults: 10 runs, 50 services)
# Prints every run and min/median/max in milliseconds. Also times parsing a multi-megabyte scalar.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-10}"
count="${2:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

{
  echo "name: bench"
  echo "x-common: &common"
  echo "  restart: unless-stopped"
  echo "  logging: {driver: json-file, options: {max-size: 10m}}"
  echo "services:"
  for i in $(seq 1 "$count"); do
    cat <<SVC
  svc$i:
    <<: *common
    image: "registry.example.com/team/svc$i:\${TAG:-1.0}"
    command: ["/app/run", "--port", "80$((i % 100))"]
    ports: ["$((10000 + i)):80", "127.0.0.1:$((20000 + i)):9090/udp"]
    environment:
      SERVICE: svc$i
      DATABASE_URL: postgres://db:5432/svc$i
      LOG_LEVEL: \${LOG_LEVEL:-info}
    volumes:
      - ./data/svc$i:/data
      - shared:/shared:ro
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost/health"]
      interval: 30s
      timeout: 5s
      retries: 3
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 256m}
    labels:
      com.example.service: svc$i
SVC
    if (( i > 1 )); then echo "    depends_on: [svc$((i - 1))]"; fi
  done
  echo "volumes:"
  echo "  shared: {}"
} > "$work/compose.yaml"

# warm-up run: builds jcompose if needed and writes the AOT cache on JDK 25
"$home/jcompose" -f "$work/compose.yaml" config > "$work/out.yaml"
echo "project: $count services, $(wc -l < "$work/compose.yaml") lines in, $(wc -l < "$work/out.yaml") lines out"

times=()
cpus=()
r=0
TIMEFORMAT='%R %U %S'
while (( ${#times[@]} < runs && r < runs * 3 )); do
  r=$((r + 1))
  # bash's time keyword: wall, user and system seconds of the whole command, JVM start included
  t=$( { time "$home/jcompose" -f "$work/compose.yaml" config > /dev/null 2> "$work/err"; } 2>&1 )
  read -r real user sys <<< "$t"
  ms=$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
  if grep -q "jcompose: building" "$work/err"; then
    echo "run $r: ${ms} ms (jcompose rebuilt itself because sources changed: discarded)"
    continue
  fi
  times+=("$ms")
  cpus+=("$cpu")
  echo "run $r: ${ms} ms wall, ${cpu} ms cpu"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
cpusorted=($(printf '%s\n' "${cpus[@]}" | sort -n))
n=${#sorted[@]}
echo "config, ${count} services, cold start: min ${sorted[0]} ms, median ${sorted[$((n / 2))]} ms, max ${sorted[$((n - 1))]} ms (wall)"
echo "  cpu (user+sys): min ${cpusorted[0]} ms, median ${cpusorted[$((n / 2))]} ms, max ${cpusorted[$((n - 1))]} ms; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# a multi-megabyte scalar must load well under a second (YAML parsing only, in a fresh JVM)
python3 - "$work/big.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("services:\n  a:\n    image: busybox\n    labels:\n      big: " + "x" * (8 * 1024 * 1024) + "\n")
PY
start=$(date +%s%N)
"$home/jcompose" -f "$work/big.yaml" config -q
end=$(date +%s%N)
echo "config -q of a file with an 8 MiB scalar, cold start: $(( (end - start) / 1000000 )) ms"
