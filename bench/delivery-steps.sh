#!/usr/bin/env bash
# Two steps of every socket delivery timed alone (DeliveryStepsBench): a broadcast row's envelope and JSON text, and
# one local publish and delivery with Herald's metrics, without the event bus's meters, without metrics.
# And a publish to a user's address nobody listens on.
# BENCH_N (10000 users), BENCH_ROUNDS (40).
exec "$(dirname "$0")/java-bench.sh" io.herald.bench.DeliveryStepsBench 10000 40
