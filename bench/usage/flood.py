#!/usr/bin/env python3
"""Drives bench/usage/flood.sh: a flood of made-up tenant ids through the gateway while legitimate tenants send
requests one after the other, and checks that each legitimate tenant's usage of every step is in the
sidecar's history within two steps of that step's end. Engine time is compressed: engine = origin + (real - origin)
x scale, steps aligned to the epoch. Exits 1 when a check fails. Standard library only."""
import argparse
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

p = argparse.ArgumentParser()
p.add_argument("--gateway", required=True)
p.add_argument("--sidecar", required=True)
p.add_argument("--management", required=True)
p.add_argument("--origin", type=float, required=True, help="epoch seconds where engine and real time agree")
p.add_argument("--scale", type=float, required=True)
p.add_argument("--step", type=int, default=60)
p.add_argument("--flood", type=int, default=20000)
p.add_argument("--id-length", type=int, default=128)
p.add_argument("--legitimate", default="legit-a,legit-b,legit-c")
p.add_argument("--within", type=int, default=2, help="steps after a step's end by which its usage must be recorded")
p.add_argument("--threads", type=int, default=32)
args = p.parse_args()
LEGIT = args.legitimate.split(",")
local = threading.local()


def connection(base):
    conns = getattr(local, "conns", None)
    if conns is None:
        conns = local.conns = {}
    if base not in conns:
        u = urlparse(base)
        conns[base] = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    return conns[base]


def get(base, path, headers=None):
    for attempt in range(2):
        c = connection(base)
        try:
            c.request("GET", path, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        except (http.client.HTTPException, OSError):
            c.close()
            local.conns.pop(base, None)
            if attempt:
                raise


def engine_now():
    real = time.time()
    return args.origin + (real - args.origin) * args.scale


def step_now():
    return int(engine_now() // args.step)


def await_step(step, share):
    at_engine = step * args.step + share * args.step
    while engine_now() < at_engine:
        time.sleep(min(0.05, max(0.001, (at_engine - engine_now()) / args.scale)))


def send(tenant):
    status, _ = get(args.gateway, "/demo/usage", {"X-Tenant-Id": tenant})
    return status


def history(tenant):
    status, body = get(args.sidecar, f"/v1/history?tenant={tenant}&resource=requests&steps=1000")
    if status != 200:
        return {}
    return {s["start"]: s["attempted"] for s in json.loads(body)["steps"]}


def iso(step):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(step * args.step))


flood_ids = [("flood-%0" + str(args.id_length - 6) + "d") % i for i in range(args.flood)]
pool = ThreadPoolExecutor(args.threads)
start = step_now() + 1
await_step(start, 0)
t0 = time.time()
flooding = pool.map(send, flood_ids)
flood_result = {}
flood_thread = threading.Thread(target=lambda: flood_result.update(statuses=list(flooding)), daemon=True)
flood_thread.start()

# requests per tenant and step: certain (the same step before sending and once answered) and uncertain (crossed a
# step boundary: counted in every step it may be in, and once in uncertain_requests)
lock = threading.Lock()
certain, uncertain, uncertain_requests = {}, {}, {}


def legitimate(tenant):
    while flood_thread.is_alive():
        before = step_now()
        status = send(tenant)
        after = step_now()
        if status not in (200, 429, 503):
            failures.append(f"{tenant}: answered {status}")
        with lock:
            if before == after:
                certain[(tenant, before)] = certain.get((tenant, before), 0) + 1
            else:
                uncertain_requests[tenant] = uncertain_requests.get(tenant, 0) + 1
                for s in range(before, after + 1):
                    uncertain[(tenant, s)] = uncertain.get((tenant, s), 0) + 1


failures = []
legit_threads = [threading.Thread(target=legitimate, args=(t,), daemon=True) for t in LEGIT for _ in range(2)]
for t in legit_threads:
    t.start()
recorded_after = {}
for step in range(start + 1, start + 200):
    await_step(step, 0)
    histories = {t: history(t) for t in LEGIT}
    with lock:
        steps = sorted({s for (_, s) in certain} | {s for (_, s) in uncertain})
        snapshot_certain, snapshot_uncertain = dict(certain), dict(uncertain)
    for s in steps:
        if s in recorded_after or s >= step - 1:
            continue
        ok = all(snapshot_certain.get((t, s), 0) <= histories[t].get(iso(s), 0)
                 <= snapshot_certain.get((t, s), 0) + snapshot_uncertain.get((t, s), 0) for t in LEGIT)
        if ok:
            recorded_after[s] = step - s
        elif step - s > args.within:
            failures.append(f"step {iso(s)}: not recorded {step - s} steps after it began: "
                            + ", ".join(f"{t} {histories[t].get(iso(s), 0)} of {snapshot_certain.get((t, s), 0)}"
                                        for t in LEGIT))
            recorded_after[s] = None
    if not any(t.is_alive() for t in legit_threads) and set(steps) <= set(recorded_after):
        break

flood_thread.join()
statuses = flood_result.get("statuses", [])
_, scrape = get(args.management, "/actuator/prometheus")
meters = {}
for line in scrape.decode().splitlines():
    if line.startswith("predictive_usage_") and not line.startswith("#"):
        name, value = line.rsplit(" ", 1)
        meters[name] = float(value)
by_status = {}
for s in statuses:
    by_status[s] = by_status.get(s, 0) + 1
print(f"flood: {len(statuses)} ids of {args.id_length} characters answered in {time.time() - t0:.1f} s, "
      f"by status {by_status}")
for t in LEGIT:
    sent = sum(n for (tenant, _), n in certain.items() if tenant == t) + uncertain_requests.get(t, 0)
    recorded = sum(history(t).values())
    print(f"{t}: {sent} requests sent ({uncertain_requests.get(t, 0)} crossing a step boundary), "
          f"{recorded} in the sidecar's history")
    if sent != recorded:
        failures.append(f"{t}: {recorded} of {sent} requests in the sidecar's history")
print("legitimate usage per step recorded after (steps from the step's start; at most "
      f"{args.within + 1} allowed): " + ", ".join(f"{iso(s)} {a}" for s, a in recorded_after.items()))
print("gateway meters: " + ", ".join(f"{k} {v:g}" for k, v in sorted(meters.items())))
if len(statuses) != args.flood:
    failures.append(f"flood: {len(statuses)} of {args.flood} answered")
if len(recorded_after) < 2:
    failures.append("fewer than two steps of legitimate traffic during the flood")
for name in ("predictive_usage_rejected_total", "predictive_usage_dropped_total"):
    if meters.get(name, 0) != 0:
        failures.append(f"{name} is {meters[name]:g}")
for i in (0, args.flood // 2, args.flood - 1):
    if sum(history(flood_ids[i]).values()) != 1:
        failures.append(f"the flood's tenant {i} is not in the sidecar's history once")
for f in failures:
    print("FAIL: " + f)
print("PASS" if not failures else f"{len(failures)} check(s) failed")
sys.exit(1 if failures else 0)
