#!/usr/bin/env python3
"""Traffic of the soak (bench/soak/run.sh): mixed tenants at steady rates, plus bursts, on loopback only.

    driver.py PORT DURATION_S OUT.json [--seed 42] [--burst-every 15] [--burst-for 2]

Each steady tenant has one thread sending at its rate over one keep-alive connection; every --burst-every seconds,
for --burst-for seconds, the burst tenants send as fast as their threads can. Every loop is bounded by the end time.
Writes {"latency_ms": {"p50", "p99", "max"}, "decisions": {X-Predictive-Decision: count}, "tenants": {tenant: {status: count}}, "errors": {tenant: count}, "error_samples": [...], "sent": N}.
"""
import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse

# tenant, requests per second (steady), threads during a burst (0: never bursts). Plans: gateway-soak.yml.
TENANTS = [
    ("gold-a", 40, 0),       # gold, 51 real/s: admitted, pre-allocated once forecasts exist
    ("silver-a", 15, 6),     # silver, 21 real/s: admitted, throttled in its bursts
    ("silver-b", 15, 0),
    ("free-a", 4, 6),        # free, 6 real/s: admitted, throttled in its bursts
    ("free-b", 4, 0),
    ("free-c", 8, 0),        # above its plan: throttled all along
    ("free-d", 3, 0),
    # the hostile mix, on the same route and checks: ids beyond ASCII (sent as UTF-8 bytes) and of 128 characters
    ("café", 2, 0),
    ("日本", 2, 0),
    ("🚀", 2, 0),
    ("l" * 120 + "-long-01", 2, 0),
    ("l" * 120 + "-long-02", 2, 0),
]

# the hostile uploads (route /upload/**, cost: content-length on the resource 'bytes', burst 2,000 bytes): a body
# declared larger than any grant or burst (answered 413, never forwarded), and chunked bodies of 10 x 1,000 bytes
# (charged as they pass: the upload is cut once the tenant's bytes run out)
UPLOADERS = [("uploader-a", 1.0), ("uploader-b", 1.0)]


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.errors = {}
        self.samples = []
        self.latencies = []
        self.decisions = {}
        self.uploads = {}
        self.upload_errors = 0

    def status(self, tenant, status, seconds, decision):
        with self.lock:
            self.latencies.append(seconds)
            self.decisions[decision] = self.decisions.get(decision, 0) + 1
            per = self.statuses.setdefault(tenant, {})
            per[str(status)] = per.get(str(status), 0) + 1

    def upload(self, tenant, kind, status):
        with self.lock:
            per = self.uploads.setdefault(kind, {})
            per[str(status)] = per.get(str(status), 0) + 1

    def upload_error(self, tenant, error, at):
        with self.lock:
            self.upload_errors += 1
            if len(self.samples) < 20:
                self.samples.append(f"{tenant} upload at {at:.1f} s: {error!r}")

    def error(self, tenant, error, at):
        with self.lock:
            self.errors[tenant] = self.errors.get(tenant, 0) + 1
            if len(self.samples) < 20:
                self.samples.append(f"{tenant} sent at {at:.1f} s: {error!r}")


def send(conn_holder, port, tenant, path, counts, start):
    conn = conn_holder[0]
    started = time.monotonic()
    try:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn_holder[0] = conn
        conn.request("GET", path, headers={"X-Tenant-Id": tenant.encode("utf-8")})
        response = conn.getresponse()
        response.read()
        counts.status(tenant, response.status, time.monotonic() - started,
                      response.getheader("X-Predictive-Decision", "none"))
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn_holder[0] = None
    except Exception as ex:  # counted: the soak fails on any transport error
        counts.error(tenant, ex, started - start)
        try:
            conn.close()
        except Exception:
            pass
        conn_holder[0] = None


def steady(port, tenant, rate, start, end, counts, rng):
    holder = [None]
    interval = 1.0 / rate
    next_at = time.monotonic() + rng.random() * interval
    n = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        if next_at > now:
            time.sleep(min(next_at - now, end - now))
            continue
        send(holder, port, tenant, f"/soak/{urllib.parse.quote(tenant)}/{n}", counts, start)
        n += 1
        next_at += interval
        if next_at < time.monotonic() - 1:  # fell behind by more than a second: do not catch up in a rush
            next_at = time.monotonic()


def uploader(port, tenant, rate, start, end, counts):
    interval = 1.0 / rate
    n = 0
    while time.monotonic() < end:
        started = time.monotonic()
        oversized = n % 2 == 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            headers = {"X-Tenant-Id": tenant}
            if oversized:
                conn.request("POST", f"/upload/{tenant}/{n}", body=b"x" * 5000, headers=headers)
            else:
                chunks = (b"y" * 1000 for _ in range(10))
                conn.request("POST", f"/upload/{tenant}/{n}", body=chunks, headers=headers, encode_chunked=True)
            response = conn.getresponse()
            response.read()
            counts.upload(tenant, "oversized" if oversized else "chunked", response.status)
        except Exception as ex:
            counts.upload_error(tenant, ex, started - start)
        finally:
            conn.close()
        n += 1
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def burster(port, tenant, end, start, every, length, counts):
    holder = [None]
    n = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        phase = (now - start) % every
        if phase < every - length:
            time.sleep(min(every - length - phase, end - now))
            continue
        send(holder, port, tenant, f"/soak/{urllib.parse.quote(tenant)}/burst/{n}", counts, start)
        n += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("duration", type=float)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--burst-every", type=float, default=15)
    parser.add_argument("--burst-for", type=float, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = Counts()
    start = time.monotonic()
    end = start + args.duration
    threads = []
    for tenant, rate, burst_threads in TENANTS:
        threads.append(threading.Thread(target=steady,
                                        args=(args.port, tenant, rate, start, end, counts,
                                              random.Random(rng.random()))))
        for _ in range(burst_threads):
            threads.append(threading.Thread(target=burster, args=(args.port, tenant, end, start, args.burst_every,
                                                                  args.burst_for, counts)))
    for tenant, rate in UPLOADERS:
        threads.append(threading.Thread(target=uploader, args=(args.port, tenant, rate, start, end, counts)))
    for t in threads:
        t.daemon = True
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, end - time.monotonic()) + 30)
    with counts.lock:
        sent = sum(sum(v.values()) for v in counts.statuses.values()) + sum(counts.errors.values())
        lat = sorted(counts.latencies) or [0.0]
        latency_ms = {"p50": round(lat[len(lat) // 2] * 1000, 1), "p99": round(lat[int(len(lat) * 0.99)] * 1000, 1),
                      "max": round(lat[-1] * 1000, 1)}
        result = {"latency_ms": latency_ms, "decisions": counts.decisions, "tenants": counts.statuses, "errors": counts.errors, "error_samples": counts.samples,
                  "sent": sent, "seconds": round(time.monotonic() - start, 1),
                  "uploads": counts.uploads, "upload_errors": counts.upload_errors}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
