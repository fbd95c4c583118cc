#!/usr/bin/env bash
# Broadcast fan-out with the sockets verticle in 1 or N instances and the JVM limited to 1 or 4 processors
# (bench/sockets.md, "Instances"). Runs the shared load tool (../shared/bench, README there) from this checkout or
# another; each run starts its own jar and creates its own 10,000 users. Usage:
#   bench/sockets-instances.sh <out-dir> <run> ...
# A run is <name>:<instances>:<processors>:<case>[:<checkout>]; instances 0 = one per processor; case "one" is five
# broadcasts 3 s apart, "twenty" is 20 broadcasts at 4/s. The per-address caps are lifted: the load tool's warm-up
# sockets are still closing when the measured ones open, from the same two loopback addresses; so is the admin's
# broadcast budget (warm-up and measured run send theirs in one window).
set -uo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$HERE/../shared/bench}"
OUT="$1"
shift
mkdir -p "$OUT"
for run in "$@"; do
  IFS=: read -r name instances cpus case checkout <<<"$run"
  if [ "$case" = one ]; then count=5; interval=3000; else count=20; interval=250; fi
  for attempt in 1 2; do
    echo "== $name $case attempt $attempt, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/conditions.txt"
    (cd "${checkout:-$HERE}" && HERALD_SOCKETS_INSTANCES="$instances" HERALD_HTTP_CONNECTIONS_PER_IP=100000 \
      HERALD_WS_MAX_SOCKETS_PER_IP=100000 HERALD_BROADCASTS_PER_USER=1000000 node "$BENCH/run-herald.js" --case inbox --n 10000 --count "$count" \
      --interval-ms "$interval" --warmup "--java-opts=-XX:ActiveProcessorCount=$cpus" --out "$OUT/$name-$case.json") \
      && break
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/conditions.txt"
