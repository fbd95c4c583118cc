#!/usr/bin/env bash
# Runs one of the JVM benches under src/test/java (a main class, not a test) after building the test classes:
#   bench/java-bench.sh <class> <default N> <default rounds>   (BENCH_N and BENCH_ROUNDS override the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
ulimit -n "$(ulimit -Hn)"
java -Dbench.n="${BENCH_N:-$2}" -Dbench.rounds="${BENCH_ROUNDS:-$3}" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$1"
