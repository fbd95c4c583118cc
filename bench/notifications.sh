#!/usr/bin/env bash
# Notification benchmark (not part of `mvn verify`): 10 broadcasts to 100k users (>1M rows), one user with 200k
# more, then inbox query latencies and generic-plan EXPLAIN ANALYZE. Uses its own embedded PostgreSQL in a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile exec:java -Dexec.classpathScope=test -Dmain.class=io.herald.persistence.NotificationBench "$@"
