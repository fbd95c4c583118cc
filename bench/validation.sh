#!/usr/bin/env bash
# A targeted notification's body checked against the contract, timed alone (ValidationBench): vertx-json-schema's
# validator against the compiled schema Herald uses. BENCH_N (20000 checks a round), BENCH_ROUNDS (40).
exec "$(dirname "$0")/java-bench.sh" io.herald.http.ValidationBench 20000 40
