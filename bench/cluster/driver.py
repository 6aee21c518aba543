#!/usr/bin/env python3
"""The trace, the client and the comparison of bench/cluster/run.sh.

  driver.py prepare  WORK ...   the trace window, the tenants' plans (WORK/plans.yml), the compressed-time origin
  driver.py run      WORK ...   seeds the sidecars' history, retrains them, replays the window round-robin over the
                                gateways in compressed time, then reads every gateway's /actuator/predictive
  driver.py compare  BASE RUN...  per tenant: grants, admitted requests and final m of each run against BASE

Tenants are the ten Twitter series of ../shared/data/nab (one tenant per file, named after its ticker), summed into
5-minute steps aligned to the epoch (EVALUATION.md) and divided by a fixed divisor (rounded), the same for the history
and for the replay. The replay is placed on the engine timeline a whole number of weeks after the trace, so that every
run sees the same time of day and day of week whenever it starts: prepare chooses the time origin for that.
"""
import argparse
import calendar
import csv
import datetime
import glob
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

STEP = 300
WEEK_STEPS = 7 * 288


def iso(epoch_seconds):
    return datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_time(text):
    text = text.replace('Z', '')
    for fmt in ('%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d'):
        try:
            return calendar.timegm(datetime.datetime.strptime(text, fmt).timetuple())
        except ValueError:
            pass
    raise ValueError('not a time: ' + text)


def load_trace(data_dir):
    """tenant -> {step index: requests}, the files' values summed per 5-minute step."""
    series = {}
    for path in sorted(glob.glob(os.path.join(data_dir, 'Twitter_volume_*.csv'))):
        tenant = os.path.basename(path)[len('Twitter_volume_'):-len('.csv')].lower()
        steps = {}
        with open(path) as f:
            rows = csv.reader(f)
            next(rows)
            for row in rows:
                step = parse_time(row[0]) // STEP
                steps[step] = steps.get(step, 0.0) + float(row[1])
        series[tenant] = steps
    if not series:
        sys.exit('no Twitter_volume_*.csv in ' + data_dir)
    return series


def prepare(a):
    trace = load_trace(a.data)
    window = parse_time(a.start) // STEP            # first compared step
    first = window - a.warmup                       # first replayed step
    seed_from = first - a.history_days * 288
    last = window + a.steps                         # exclusive
    for tenant, steps in trace.items():
        if min(steps) > seed_from or max(steps) < last - 1:
            sys.exit(f'{tenant}: the trace does not cover {iso(seed_from * STEP)} to {iso(last * STEP)}')
    counts = {t: [int(round(s.get(i, 0.0) / a.divisor)) for i in range(seed_from, last)] for t, s in trace.items()}
    # plans as EVALUATION.md's replay: standard rate the median per-second demand of the history, burst a number of
    # seconds of it (at least one request a step and one request at once)
    history_len = first - seed_from
    plans = {}
    for tenant, c in counts.items():
        rate = max(statistics.median(c[:history_len]) / STEP, 1.0 / STEP)
        plans[tenant] = (rate, max(1.0, rate * a.burst_seconds))
    peak = max(sum(c[i] for c in counts.values()) for i in range(len(next(iter(counts.values())))))
    capacity = 10.0 * peak / STEP                  # ten times the busiest step of all tenants: never the limit
    # the origin O (a multiple of the step) and the real second R at which the first replayed step starts, chosen so
    # that R is at least lead seconds from now and the engine step at R is the trace's first step plus whole weeks:
    # engine(t) = O + (t - O) x scale
    s = a.scale
    now = int(time.time())
    found = None
    for r in range(now + a.lead_seconds, now + a.lead_seconds + 4 * STEP):
        for o in range(now // STEP, now // STEP - 2 * WEEK_STEPS, -1):
            v = s * r - (s - 1) * o * STEP
            if v % STEP == 0 and (v // STEP - first) % WEEK_STEPS == 0:
                found = (o * STEP, r, v // STEP)
                break
        if found:
            break
    if not found:
        sys.exit('no origin found')
    origin, real_start, engine_first = found
    meta = {'tenants': sorted(counts), 'counts': counts, 'seed_from': seed_from, 'first': first, 'window': window,
            'last': last, 'offset': engine_first - first, 'origin': origin, 'origin_iso': iso(origin),
            'real_start': real_start, 'scale': s, 'step_real': STEP / s, 'divisor': a.divisor,
            'plans': plans, 'capacity': capacity, 'seed': a.seed, 'forecasts_from': window - a.forecast_lead}
    with open(os.path.join(a.work, 'trace.json'), 'w') as f:
        json.dump(meta, f)
    with open(os.path.join(a.work, 'plans.yml'), 'w') as f:
        f.write('# written by bench/cluster/driver.py prepare from the trace\npredictive:\n')
        f.write(f'  capacity:\n    requests: {capacity:.6f}\n')
        f.write('  default-plan: other\n  plans:\n    other:\n      requests: { rate: 0.01, burst: 1 }\n')
        for tenant, (rate, burst) in sorted(plans.items()):
            f.write(f'    {tenant}:\n      requests: {{ rate: {rate:.6f}, burst: {burst:.3f} }}\n')
        f.write('  tenants:\n')
        for tenant in sorted(plans):
            f.write(f'    {tenant}: {{ plan: {tenant} }}\n')
        f.write('  metrics:\n    tenants: [ ' + ', '.join(sorted(plans)) + ' ]\n')
    print(f'{meta["origin_iso"]} {real_start}')


def post_json(url, body, timeout=60):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method='POST',
                                     headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b'null')
    except urllib.error.HTTPError as ex:
        sys.exit(f'{url}: {ex.code} {ex.read()[:2000]!r}')


def get_json(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def seed(meta, sidecars):
    """The history before the replay, as usage records of an instance of its own, oldest step first. A sidecar refuses
    records of steps that have not begun, and the history runs up to the replay's first step: the steps already past
    go at once, each later one as soon as it is past (the last at the replay's start)."""
    history_len = meta['first'] - meta['seed_from']

    def records(i):
        start = iso((meta['seed_from'] + i + meta['offset']) * STEP)
        return [{'tenant': t, 'resource': 'requests', 'stepStart': start, 'attempted': meta['counts'][t][i],
                 'admitted': meta['counts'][t][i], 'throttled': 0, 'units': meta['counts'][t][i]}
                for t in meta['tenants']]

    def real_end(i):  # the real time at which history step i is over
        return meta['real_start'] - (history_len - i - 1) * meta['step_real']

    def send(batch):
        for sidecar in sidecars:
            answer = post_json(f'{sidecar}/v1/usage', {'instance': 'trace-history', 'records': batch})
            if answer['accepted'] != len(batch):
                sys.exit(f'{sidecar}: {answer} of {len(batch)} history records')

    i = 0
    while i < history_len:
        batch = []
        while i < history_len and real_end(i) <= time.time() - 0.05 and len(batch) < 5000:
            batch += records(i)
            i += 1
        if batch:
            send(batch)
        elif i < history_len:
            time.sleep(max(0.0, real_end(i) + 0.05 - time.time()))
    return history_len * len(meta['tenants'])


class Client:
    """Requests through the gateways, one keep-alive connection per worker thread and gateway."""

    def __init__(self, ports):
        self.ports = ports
        self.local = threading.local()
        self.lock = threading.Lock()
        self.results = []         # (tenant, replay step, gateway index, status)

    def connection(self, g):
        conns = getattr(self.local, 'conns', None)
        if conns is None:
            conns = self.local.conns = {}
        if g not in conns:
            conns[g] = http.client.HTTPConnection('127.0.0.1', self.ports[g], timeout=10)
        return conns[g]

    def send(self, tenant, k, g):
        status = 'error'
        for attempt in range(2):  # a kept-alive connection the gateway closed: once more on a new one
            conn = self.connection(g)
            try:
                conn.request('GET', '/trace/x', headers={'X-Tenant-Id': tenant})
                response = conn.getresponse()
                response.read()
                status = str(response.status)
                break
            except (OSError, http.client.HTTPException):
                conn.close()
                del self.local.conns[g]
        with self.lock:
            self.results.append((tenant, k, g, status))


def replay(meta, ports, workers, seed_value):
    step_real = meta['step_real']
    start = meta['real_start']
    client = Client(ports)
    rng = random.Random(seed_value)
    n_steps = meta['last'] - meta['first']
    offset_in_counts = meta['first'] - meta['seed_from']
    sent = 0
    late = 0.0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for k in range(n_steps):
            arrivals = []
            for tenant in meta['tenants']:
                for _ in range(meta['counts'][tenant][offset_in_counts + k]):
                    arrivals.append((start + (k + rng.random()) * step_real, tenant))
            arrivals.sort()
            for at, tenant in arrivals:
                delay = at - time.time()
                if delay > 0:
                    time.sleep(delay)
                else:
                    late = max(late, -delay)
                pool.submit(client.send, tenant, k, sent % len(ports))
                sent += 1
    return client.results, late


def run(a):
    meta = json.load(open(os.path.join(a.work, 'trace.json')))
    gateways = a.gateways.split(',')
    managements = a.managements.split(',')
    sidecars = [f'http://127.0.0.1:{p}' for p in a.sidecars.split(',')]
    if time.time() > meta['real_start'] - 5:
        sys.exit(f'the processes started too late: the replay was to start at {meta["real_start"]}, '
                 f'now is {time.time():.0f}; raise LEAD_SECONDS')
    retrained = {}

    def retrain():
        seeded = seed(meta, sidecars)
        print(f'  history: {seeded} records into each of {len(sidecars)} sidecar(s), the last '
              f'{time.time() - meta["real_start"]:.2f} s after the replay\'s start')
        for sidecar in sidecars:  # each sidecar trains its shard; all load every shard's models
            t = time.time()
            outcomes = post_json(f'{sidecar}/v1/retrain', {}, timeout=600)['outcomes']
            retrained[sidecar] = (round(time.time() - t, 1), len(outcomes))
    trainer = threading.Thread(target=retrain)
    trainer.start()
    results, late = replay(meta, [int(p) for p in gateways], a.workers, meta['seed'])
    trainer.join()
    print(f'  retrained: {retrained}; the client was at most {late:.2f} s behind its schedule')
    # the last step closes a quarter step after its end; m moves only after three steps in a row outside the
    # interval, so it is read before the idle steps after the replay can move it
    end = meta['real_start'] + (meta['last'] - meta['first']) * meta['step_real']
    time.sleep(max(0.0, end + 0.6 * meta['step_real'] - time.time()))
    overviews = [get_json(f'http://127.0.0.1:{m}/actuator/predictive') for m in managements]
    read_at = time.time()
    details = []
    for m in managements:
        per_tenant = {}
        for tenant in meta['tenants']:
            try:
                per_tenant[tenant] = get_json(f'http://127.0.0.1:{m}/actuator/predictive/{urllib.parse.quote(tenant)}')
            except urllib.error.HTTPError:
                per_tenant[tenant] = None
        details.append(per_tenant)
    models = [get_json(f'{s}/v1/models') for s in sidecars]
    json.dump({'label': a.label, 'gateways': len(gateways), 'sidecars': len(sidecars), 'meta': {
        k: v for k, v in meta.items() if k != 'counts'}, 'sent': {t: sum(meta['counts'][t][meta['first'] - meta[
            'seed_from']:]) for t in meta['tenants']}, 'results': results, 'late_s': late,
        'read_after_end_s': read_at - end, 'overviews': overviews, 'details': details, 'models': models,
        'retrained': retrained}, open(a.out, 'w'))


def proxy(a):
    """The gateways' forecast source: the sidecar's answers with every point of a step before the replay's forecast
    step taken out (and a series left without points). So every configuration gets its first forecast for the same
    step of the trace, whenever its sidecars finished training, and the adjustment multipliers start learning at the
    same step from the same forecasts. The ETag is passed on: the same body is always filtered the same way."""
    import http.server
    meta = json.load(open(os.path.join(a.work, 'trace.json')))
    first_start = (meta['forecasts_from'] + meta['offset']) * STEP
    sidecars = [int(p) for p in a.sidecars.split(',')]
    ports = [int(p) for p in a.ports.split(',')]
    seen = {}

    def filtered(body, i):
        snapshot = json.loads(body)
        kept = []
        for series in snapshot['series']:
            series['points'] = [p for p in series['points'] if parse_time(p['start'][:19]) >= first_start]
            if series['points']:
                kept.append(series)
        if kept and i not in seen:
            seen[i] = True
            print(f'  sidecar {i}: forecasts passed on from {time.time() - meta["real_start"]:.1f} s into the replay '
                  f'(the forecast step is prepared at {(meta["forecasts_from"] - meta["first"] - 0.5) * meta["step_real"]:.1f} s), '
                  f'{len(kept)} series', flush=True)
        snapshot['series'] = kept
        return json.dumps(snapshot).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def do_GET(self):
            i = ports.index(self.server.server_address[1])  # one port per sidecar
            conn = http.client.HTTPConnection('127.0.0.1', sidecars[i], timeout=5)
            headers = {k: v for k, v in self.headers.items() if k.lower() in ('if-none-match', 'accept')}
            try:
                conn.request('GET', self.path, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except OSError:
                self.send_response(502)
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
            finally:
                conn.close()
            if response.status == 200 and self.path.startswith('/v1/forecasts'):
                body = filtered(body, i)
            self.send_response(response.status)
            for name in ('Content-Type', 'ETag'):
                if response.getheader(name):
                    self.send_header(name, response.getheader(name))
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a gateway whose pull ran past its time limit has closed the connection

        def log_message(self, *args):
            pass

    servers = [http.server.ThreadingHTTPServer(('127.0.0.1', port), Handler) for port in ports]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


def summarise(path):
    """tenant -> figures of one run, and the run's own checks."""
    r = json.load(open(path))
    meta = r['meta']
    lo, hi = meta['window'] + meta['offset'], meta['last'] + meta['offset']
    k_from = meta['window'] - meta['first']
    out = {}
    problems = []
    for tenant in meta['tenants']:
        statuses = {}
        for t, k, g, status in r['results']:
            if t == tenant and k >= k_from:
                statuses[status] = statuses.get(status, 0) + 1
        per_gateway = []
        for g, detail in enumerate(r['details']):
            granted = admitted = offered = used = bursts = unforecast = 0
            steps = set()
            forecast_steps = []
            if detail.get(tenant):
                for series in detail[tenant]['resources']:
                    for p in series['history']:
                        step = parse_time(p['start']) // STEP
                        if p['mean'] is not None:
                            forecast_steps.append(step - meta['offset'])
                        if lo <= step < hi:
                            steps.add(step)
                            granted += p['granted']
                            admitted += p['admitted']
                            offered += p['offered']
                            used += p['used']
                            bursts += 1 if p['burst'] else 0
                            unforecast += 1 if p['mean'] is None else 0
            m = None
            for listed in r['overviews'][g]['tenants']:
                if listed['tenant'] == tenant:
                    for series in listed['resources']:
                        m = series['multiplier']
            if forecast_steps and min(forecast_steps) != meta['forecasts_from']:
                problems.append(f'{tenant}: gateway {g}\'s first forecast is for step '
                                f'{min(forecast_steps) - meta["window"]}, not {meta["forecasts_from"] - meta["window"]}')
            per_gateway.append({'granted': granted, 'admitted': admitted, 'offered': offered, 'used': used,
                                'bursts': bursts, 'm': m, 'steps': len(steps),
                                'unforecast': unforecast})
        first = per_gateway[0]
        for g, p in enumerate(per_gateway):
            if p['steps'] != hi - lo:
                problems.append(f'{tenant}: gateway {g} observed {p["steps"]} of {hi - lo} steps')
            if p['unforecast']:
                problems.append(f'{tenant}: gateway {g} had no forecast in {p["unforecast"]} steps')
        ms = [p['m'] for p in per_gateway if p['m'] is not None]
        out[tenant] = {'granted': first['granted'], 'granted_spread': max(p['granted'] for p in per_gateway) - min(
            p['granted'] for p in per_gateway), 'admitted': first['admitted'], 'offered': first['offered'],
            'used': first['used'], 'bursts': first['bursts'], 'client_200': statuses.get('200', 0),
            'client_sent': sum(statuses.values()), 'statuses': statuses,
            'm': statistics.mean(ms) if ms else 1.0, 'm_spread': (max(ms) - min(ms)) if ms else 0.0}
    return r, out, problems


def relative(a, b):
    if a == b:
        return 0.0
    return abs(b - a) / max(abs(a), 1e-9)


def compare(a):
    base_run, base, base_problems = summarise(a.base)
    failed = False
    print(f'baseline: {base_run["label"]}; window {iso(base_run["meta"]["window"] * STEP)}, '
          f'{base_run["meta"]["last"] - base_run["meta"]["window"]} steps of 5 min replayed at '
          f'x{base_run["meta"]["scale"]:g} ({base_run["meta"]["step_real"]:g} s each), requests divided by '
          f'{base_run["meta"]["divisor"]:g}; tolerance {a.tolerance:.0%}')
    for problem in base_problems:
        print('  baseline: ' + problem)
    for path in a.runs:
        run_, fig, problems = summarise(path)
        print()
        print(f'{run_["label"]} ({run_["gateways"]} gateways, {run_["sidecars"]} sidecar(s)) against '
              f'{base_run["label"]}; client at most {run_["late_s"]:.2f} s late, m read '
              f'{run_["read_after_end_s"]:.2f} s after the last step\'s end')
        print(f'  {"tenant":6} {"offered":>15} {"grants":>15} {"diff":>6} {"admitted":>15} {"diff":>6} '
              f'{"m":>11} {"diff":>6} {"bursts":>7} {"client 200":>15}  verdict')
        totals = [0, 0, 0, 0, 0, 0]
        for tenant in sorted(base):
            b, x = base[tenant], fig[tenant]
            dg, da, dm = relative(b['granted'], x['granted']), relative(b['admitted'], x['admitted']), relative(
                b['m'], x['m'])
            ok = max(dg, da, dm) <= a.tolerance
            failed |= not ok
            totals = [totals[0] + b['offered'], totals[1] + x['offered'], totals[2] + b['granted'],
                      totals[3] + x['granted'], totals[4] + b['admitted'], totals[5] + x['admitted']]
            print(f'  {tenant:6} {b["offered"]:7.0f}/{x["offered"]:<7.0f} {b["granted"]:7d}/{x["granted"]:<7d} '
                  f'{dg:6.1%} {b["admitted"]:7d}/{x["admitted"]:<7d} {da:6.1%} {b["m"]:5.3f}/{x["m"]:<5.3f} '
                  f'{dm:6.1%} {b["bursts"]:3d}/{x["bursts"]:<3d} {b["client_200"]:7d}/{x["client_200"]:<7d}  '
                  f'{"PASS" if ok else "FAIL"}')
        print(f'  {"all":6} {totals[0]:7.0f}/{totals[1]:<7.0f} {totals[2]:7.0f}/{totals[3]:<7.0f} '
              f'{relative(totals[2], totals[3]):6.1%} {totals[4]:7.0f}/{totals[5]:<7.0f} '
              f'{relative(totals[4], totals[5]):6.1%}')
        spread = [t for t in fig if fig[t]['granted_spread'] or fig[t]['m_spread'] > 1e-9]
        print('  instances agree on every tenant\'s grants and m' if not spread else
              '  instances differ on: ' + ', '.join(f'{t} (grants by {fig[t]["granted_spread"]}, m by '
                                                    f'{fig[t]["m_spread"]:.3f})' for t in spread))
        other = {s: sum(f['statuses'].get(s, 0) for f in fig.values()) for s in ('429', '503', 'error')}
        print(f'  answers other than 200 in the window: {other}')
        for problem in problems:
            print('  ' + problem)
            failed = True
    print()
    print('cluster bench ' + ('FAILED' if failed else 'passed'))
    sys.exit(1 if failed else 0)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='command', required=True)
    p = sub.add_parser('prepare')
    p.add_argument('work')
    p.add_argument('--data', required=True)
    p.add_argument('--start', required=True, help='first compared step (UTC, trace time)')
    p.add_argument('--steps', type=int, required=True)
    p.add_argument('--warmup', type=int, required=True)
    p.add_argument('--history-days', type=int, required=True)
    p.add_argument('--divisor', type=float, required=True)
    p.add_argument('--burst-seconds', type=float, required=True)
    p.add_argument('--scale', type=int, required=True)
    p.add_argument('--lead-seconds', type=int, required=True)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--forecast-lead', type=int, required=True, help='steps before the window with forecasts')
    p = sub.add_parser('proxy')
    p.add_argument('work')
    p.add_argument('--ports', required=True, help='one per sidecar')
    p.add_argument('--sidecars', required=True)
    p = sub.add_parser('run')
    p.add_argument('work')
    p.add_argument('--label', required=True)
    p.add_argument('--gateways', required=True)
    p.add_argument('--managements', required=True)
    p.add_argument('--sidecars', required=True)
    p.add_argument('--workers', type=int, default=32)
    p.add_argument('--out', required=True)
    p = sub.add_parser('compare')
    p.add_argument('base')
    p.add_argument('runs', nargs='+')
    p.add_argument('--tolerance', type=float, default=0.05)
    a = parser.parse_args()
    {'prepare': prepare, 'run': run, 'proxy': proxy, 'compare': compare}[a.command](a)


if __name__ == '__main__':
    main()
