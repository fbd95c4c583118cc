#!/usr/bin/env bash
# The table of bench/performance.md in one run: the peers of ../shared/bench (Node ws, Socket.IO) and a bare Vert.x
# peer, then Herald before (a checkout given as BEFORE, optional) and this checkout. Each gets the same cases:
# targeted notifications to 1,000 connected users at 2,000/s for 60 s; one broadcast to 10,000 connected users at a
# time (five, 3 s apart); twenty broadcasts to 10,000 at 4/s (Herald's after a warm-up round that is let finish,
# bench/broadcasts.js). Herald also gets a sweep of targeted rates (the
# sustainable one) and targeted runs near its ceiling with 1 and with 4 processors (-XX:ActiveProcessorCount, which
# also sets the number of instances of the sockets, API and persistence verticles). Not part of mvn verify.
#   [BEFORE=/path/to/old/checkout] bench/performance.sh        (results and conditions in bench/results/)
set -euo pipefail
cd "$(dirname "$0")/.."
HERE="$(pwd)"
BENCH="$(cd "${BENCH:-../shared/bench}" && pwd)"
OUT="${OUT:-$HERE/bench/results}"
RATES="${RATES:-1000,2000,2500,3000,4000,5000}"
SWEEP_SECONDS="${SWEEP_SECONDS:-10}"
CPU_RATES="${CPU_RATES:-4000,5000,5500,6000,6500}"
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
  node "$BENCH/loadgen.js" --proto "$proto" --port "$port" --mode targeted --n 1000 --rate 2000 --duration-s 60 \
    --server-pid "$pid" --out "$OUT/$name-2000.json"
  node "$BENCH/loadgen.js" --proto "$proto" --port "$port" --mode broadcast --n 10000 --count 5 --interval-ms 3000 \
    --server-pid "$pid" --out "$OUT/$name-broadcast-1.json"
  node "$BENCH/loadgen.js" --proto "$proto" --port "$port" --mode broadcast --n 10000 --count 20 --interval-ms 250 \
    --server-pid "$pid" --out "$OUT/$name-broadcast-20.json"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath > /dev/null
peer ws ws 18081 node "$BENCH/peers/ws-server.js" 18081
peer socketio socketio 18082 node "$BENCH/peers/socketio-server.js" 18082
peer vertx ws 18083 java -Xms1g -Xmx1g -cp "$(cat target/bench.classpath)" bench/peers/BareVertx.java 18083

# Herald's broadcasts through bench/broadcasts.js (a warm node whose warm-up round has been delivered). A start right
# after a run with 10,000 sockets can find the port the launcher picked still taken by a closing connection of the
# run before: it is tried again after a pause.
herald_broadcast() { # name checkout case broadcasts.js-options...
  local name=$1 checkout=$2 case=$3; shift 3
  for attempt in 1 2 3; do
    (cd "$checkout" && node "$HERE/bench/broadcasts.js" --bench "$BENCH" "$@" --out "$OUT/$name-broadcast-$case.json") && break
    sleep 30
  done
  sleep 15
}

for name in ${BEFORE:+before} after; do
  checkout="$HERE"; [ "$name" = before ] && checkout="$BEFORE"
  conditions "herald-$name"
  (cd "$checkout" && node "$HERE/bench/targeted.js" --bench "$BENCH" --rates 2000 --duration-s 60 --out "$OUT/herald-$name-2000.json")
  herald_broadcast "herald-$name" "$checkout" 1 --count 5 --interval-ms 3000 --settle-s 15
  herald_broadcast "herald-$name" "$checkout" 20 --count 20 --interval-ms 250 --settle-s 30
done
conditions sweep
node bench/targeted.js --bench "$BENCH" --rates "$RATES" --duration-s "$SWEEP_SECONDS" --out "$OUT/herald-after-sweep.json"
for cpus in 1 4; do
  conditions "after-$cpus-cpu"
  node bench/targeted.js --bench "$BENCH" --rates "$CPU_RATES" --duration-s "$SWEEP_SECONDS" \
    "--java-opts=-XX:ActiveProcessorCount=$cpus" --out "$OUT/herald-after-$cpus-cpu.json"
done
conditions end
