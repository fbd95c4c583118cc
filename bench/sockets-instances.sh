#!/usr/bin/env bash
# Broadcast fan-out with the sockets verticle in 1 or N instances, and the JVM limited to 1 or 4 processors
# (bench/sockets.md, "Instances"). Runs the shared load tool (../shared/bench, README there) from this checkout;
# each case starts its own jar and creates its own 10,000 users. Usage:
#   bench/sockets-instances.sh [out-dir] [label=checkout ...]
# A label is one configuration: <name>:<instances>:<processors>[:<checkout>]; instances 0 = one per processor.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-$HERE/../shared/bench}"
OUT="${1:-/tmp/herald-sockets-instances}"
shift || true
CONFIGS=("${@:-1inst-1cpu:0:1 1inst-4cpu:1:4 4inst-4cpu:0:4}")
mkdir -p "$OUT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/conditions.txt"
for config in ${CONFIGS[@]}; do
  IFS=: read -r name instances cpus checkout <<<"$config"
  cd "${checkout:-$HERE}"
  for case in one:5:3000 twenty:20:250; do
    IFS=: read -r label count interval <<<"$case"
    echo "== $name $label (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/conditions.txt"
    HERALD_SOCKETS_INSTANCES="$instances" node "$BENCH/run-herald.js" --case inbox --n 10000 --count "$count" \
      --interval-ms "$interval" --warmup "--java-opts=-XX:ActiveProcessorCount=$cpus" --out "$OUT/$name-$label.json"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/conditions.txt"
node "$BENCH/summary.js" "$OUT"/*.json | tee "$OUT/summary.md"
