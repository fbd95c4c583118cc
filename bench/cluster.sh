#!/usr/bin/env bash
# One node versus two clustered nodes behind nginx (bench/cluster.md). Not part of `mvn verify`.
# Builds target/herald.jar, starts the embedded PostgreSQL on its own (io.herald.bench.BenchDatabase, test scope) as
# the database both configurations share, runs bench/cluster.js (nodes, nginx and the load tool of ../shared/bench),
# and stops the database by its PID. Arguments go to bench/cluster.js (--n, --count, --targeted-n, --rate, --heap).
# Needs Node 20 with `npm ci` done in ../shared/bench (or BENCH_TOOL=<its folder>), and Debian's nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)"
mvn -B -q -o -DskipTests package
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
PG_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PG_LOG=$(mktemp -t herald-bench-pg.XXXXXX.log)
java -Xmx128m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.herald.bench.BenchDatabase "$PG_PORT" \
  >"$PG_LOG" 2>&1 &
PG_PID=$!
trap 'kill "$PG_PID"; wait "$PG_PID" || true' EXIT
for _ in $(seq 1 120); do grep -q '^ready ' "$PG_LOG" && break; sleep 1; done
grep -q '^ready ' "$PG_LOG" || { echo "PostgreSQL did not start; see $PG_LOG" >&2; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
node bench/cluster.js --pg-port "$PG_PORT" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
