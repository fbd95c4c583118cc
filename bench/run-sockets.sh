#!/usr/bin/env bash
# Socket load test (bench/sockets.md). Starts a Herald server JVM on its own embedded PostgreSQL, then the load tool
# in a second JVM on the same host. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)"
N="${BENCH_N:-10000}"
ROUNDS="${BENCH_ROUNDS:-10}"
PORT="${BENCH_PORT:-18080}"
DATA="$(mktemp -d /tmp/herald-bench.XXXXXX)"
SECRET="bench-secret-$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD="bench-admin-password"

mvn -B -q -DskipTests package test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

HERALD_HTTP_PORT="$PORT" HERALD_DATA_DIR="$DATA" HERALD_JWT_SECRET="$SECRET" HERALD_ADMIN_PASSWORD="$PASSWORD" \
HERALD_BCRYPT_COST=4 HERALD_WS_FRAMES_PER_SECOND=1000 HERALD_WS_FRAME_BURST=1000 \
  java -Xss512k -Xms1g -Xmx1g -XX:+UseG1GC ${BENCH_GC_LOG:+-Xlog:gc:file=$BENCH_GC_LOG} -jar target/herald.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"; true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do
  kill -0 $SERVER 2>/dev/null || { echo "the server did not start:"; cat "$DATA/server.log"; exit 1; }
  sleep 1
done

java -Xss256k -Xmx2g -XX:+UseG1GC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  -Dbench.port="$PORT" -Dbench.pid="$SERVER" -Dbench.secret="$SECRET" -Dbench.admin-password="$PASSWORD" \
  -Dbench.histogram.raw="${BENCH_HISTOGRAM_RAW:-}" -Dbench.histogram.sockjs="${BENCH_HISTOGRAM_SOCKJS:-}" \
  -Dbench.auth="${BENCH_AUTH:-query}" -Dbench.n="$N" -Dbench.rounds="$ROUNDS" -Dbench.phases="${BENCH_PHASES:-raw,sockjs,stream,churn}" io.herald.bench.SocketBench
