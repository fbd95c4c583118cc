#!/usr/bin/env bash
# One frame to N WebSockets, public writeTextMessage against the former shared-array frame (FrameWriteBench).
# BENCH_N (5000), BENCH_ROUNDS (40).
exec "$(dirname "$0")/java-bench.sh" io.herald.bench.FrameWriteBench 5000 40
