#!/usr/bin/env python3
"""Hits each of N apps once (first request: the worker creates the app's
isolate), then again (warm), on one keep-alive connection, and measures each
request's latency client-side. One connection means one worker thread sees
every request, so "warm" is the same isolate as "first".

usage: client.py PORT N [STEADY_SECONDS]
Then, for STEADY_SECONDS (default 5), keeps going round all apps (warm) and
records the slowest requests: stalls of the worker show up there.
Prints one JSON object: first/warm latency percentiles (ms), errors, totals.
"""
import http.client, json, sys, time

port, n = int(sys.argv[1]), int(sys.argv[2])
steady_s = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
names = [f"app{i:05d}" for i in range(1, n + 1)]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
conn.connect()
errors = []

def hit(name):
    t0 = time.perf_counter()
    conn.request("GET", "/", headers={"Host": f"{name}.bench.test"})
    r = conn.getresponse()
    body = r.read()
    dt = (time.perf_counter() - t0) * 1000
    if r.status != 200 or body != f"{name} ok".encode():
        errors.append(f"{name}: {r.status} {body[:80]!r}")
    return dt

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

# Client + HTTP baseline: an unknown host answers 404 without any isolate.
for _ in range(200):
    conn.request("GET", "/", headers={"Host": "unknown.bench.test"}); conn.getresponse().read()
base = []
for _ in range(1000):
    t0 = time.perf_counter()
    conn.request("GET", "/", headers={"Host": "unknown.bench.test"}); conn.getresponse().read()
    base.append((time.perf_counter() - t0) * 1000)

t_first = time.perf_counter()
first = [hit(name) for name in names]
t_first = time.perf_counter() - t_first
warm = [hit(name) for name in names]
steady = []
end = time.perf_counter() + steady_s
i = 0
while time.perf_counter() < end:
    steady.append(hit(names[i % n]))
    i += 1
out = {
    "apps": n,
    "errors": len(errors),
    "error_samples": errors[:5],
    "first_p50_ms": pct(first, 50), "first_p90_ms": pct(first, 90), "first_p99_ms": pct(first, 99),
    "first_max_ms": max(first), "first_mean_ms": sum(first) / n,
    "warm_p50_ms": pct(warm, 50), "warm_p99_ms": pct(warm, 99),
    "no_app_404_p50_ms": pct(base, 50),
    "steady_requests": len(steady), "steady_p50_ms": pct(steady, 50) if steady else 0,
    "steady_p99_ms": pct(steady, 99) if steady else 0, "steady_max_ms": max(steady, default=0),
    "steady_over_50ms": sum(1 for x in steady if x > 50),
    "first_pass_s": t_first,
}
print(json.dumps(out))
