#!/usr/bin/env bash
# Two steps of every socket delivery timed alone (DeliveryStepsBench): a broadcast row's envelope and JSON text, and
# one local publish and delivery with Herald's metrics, without the event bus's meters, without metrics.
# And a publish to a user's address nobody listens on.
# BENCH_N (10000 users), BENCH_ROUNDS (40). Builds the test classes first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java -Dbench.n="${BENCH_N:-10000}" -Dbench.rounds="${BENCH_ROUNDS:-40}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.herald.bench.DeliveryStepsBench
