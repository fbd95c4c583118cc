#!/usr/bin/env python3
"""REST through the public port's relay vs straight to the API verticle (bench/sockets.md, "REST through the relay").

Usage: bench/rest-relay.py PUBLIC_PORT API_PORT [REQUESTS] -- one keep-alive connection each, sequential
GET /api/v1/websocket/health-free path: GET /health (served by the API verticle), alternating blocks so both
see the same machine noise. Prints p50/p99/mean in microseconds for each path.
"""
import http.client
import statistics
import sys
import time


def run(port, count):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for _ in range(count):
        start = time.perf_counter_ns()
        conn.request("GET", "/health")
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"GET /health on {port}: {response.status}")
        times.append((time.perf_counter_ns() - start) / 1000)
    conn.close()
    return times


def main():
    public_port, api_port = int(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    run(public_port, 500)  # warm-up, both paths
    run(api_port, 500)
    results = {"relayed (public port)": [], "direct (API port)": []}
    for _ in range(5):
        results["relayed (public port)"] += run(public_port, count // 5)
        results["direct (API port)"] += run(api_port, count // 5)
    for name, times in results.items():
        times.sort()
        print(f"{name}: n={len(times)} p50={times[len(times) // 2]:.0f}us "
              f"p99={times[int(len(times) * 0.99)]:.0f}us mean={statistics.mean(times):.0f}us")


if __name__ == "__main__":
    main()
