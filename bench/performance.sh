#!/usr/bin/env bash
# The table of bench/performance.md in one run: the peers of ../shared/bench (Node ws, Socket.IO) and a bare Vert.x
# peer, then Herald before (a checkout given as BEFORE) and after (this checkout), targeted notifications to 1,000
# connected users; then this checkout with 1 and with 4 processors (-XX:ActiveProcessorCount). Not part of mvn verify.
#   BEFORE=/path/to/old/checkout bench/performance.sh        (results and conditions in bench/results/)
set -euo pipefail
cd "$(dirname "$0")/.."
HERE="$(pwd)"
BENCH="$(cd "${BENCH:-../shared/bench}" && pwd)"
OUT="${OUT:-$HERE/bench/results}"
RATES="${RATES:-400,1000,2000,3000,5000}"
mkdir -p "$OUT"
conditions() { echo "$1: $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/')" >> "$OUT/conditions.txt"; }
: > "$OUT/conditions.txt"
{ nproc; grep -m1 'model name' /proc/cpuinfo; free -m | sed -n 2p; java -version 2>&1 | head -1; node --version; } >> "$OUT/conditions.txt"

peer() { # name proto port command...
  local name=$1 proto=$2 port=$3; shift 3
  "$@" > "${TMPDIR:-/tmp}/herald-peer-$name.log" 2>&1 &
  local pid=$!
  until curl -s -o /dev/null -X POST "http://127.0.0.1:$port/notify/0" -d '{}'; do sleep 0.5; done
  conditions "$name"
  node "$BENCH/loadgen.js" --proto "$proto" --port "$port" --mode targeted --n 1000 --rate 2000 --duration-s 5 \
    --server-pid "$pid" --out "$OUT/$name-warmup.json"
  node "$BENCH/loadgen.js" --proto "$proto" --port "$port" --mode targeted --n 1000 --rate 2000 --duration-s 5 \
    --server-pid "$pid" --out "$OUT/$name-2000.json"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath > /dev/null
peer ws ws 18081 node "$BENCH/peers/ws-server.js" 18081
peer socketio socketio 18082 node "$BENCH/peers/socketio-server.js" 18082
peer vertx ws 18083 java -Xms1g -Xmx1g -cp "$(cat target/bench.classpath)" bench/peers/BareVertx.java 18083

if [ -n "${BEFORE:-}" ]; then
  conditions before
  (cd "$BEFORE" && node "$HERE/bench/targeted.js" --bench "$BENCH" --rates 400,2000 --out "$OUT/herald-before.json")
fi
conditions after
node bench/targeted.js --bench "$BENCH" --rates "$RATES" --out "$OUT/herald-after.json"
for cpus in 1 4; do
  conditions "after-$cpus-cpu"
  node bench/targeted.js --bench "$BENCH" --rates 400,1000 "--java-opts=-XX:ActiveProcessorCount=$cpus" --out "$OUT/herald-after-$cpus-cpu.json"
done
conditions end
