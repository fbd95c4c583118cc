#!/usr/bin/env bash
# One frame to N WebSockets, public writeTextMessage against the former shared-array frame (FrameWriteBench).
# BENCH_N (5000), BENCH_ROUNDS (40). Builds the test classes first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
ulimit -n "$(ulimit -Hn)"
java -Dbench.n="${BENCH_N:-5000}" -Dbench.rounds="${BENCH_ROUNDS:-40}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.herald.bench.FrameWriteBench
