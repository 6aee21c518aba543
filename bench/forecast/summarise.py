#!/usr/bin/env python3
"""Per-series table from the files score-all.sh writes: the reference scorer's figures for seasonal naive (its own
`snaive` forecast), the served model and the best single candidate, the served 0.95 quantile's coverage (share of
actuals at or below it, read from the rows' q0.95 column), and whether each criterion of issue 19 holds."""
import csv, glob, os, sys

def parse(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            kv = dict(p.split('=') for p in parts[1:])
            out[parts[0]] = {k: float(v) for k, v in kv.items()}
    return out

def q95(path):
    n = below = 0
    with open(path) as f:
        for r in csv.DictReader(f):
            if r['model'] == 'served' and r.get('q0.95'):
                n += 1
                below += float(r['actual']) <= float(r['q0.95'])
    return below / n if n else float('nan')

out = sys.argv[1]
rows = []
for score in sorted(glob.glob(os.path.join(out, '*.score.txt'))):
    name = os.path.basename(score)[:-len('.score.txt')]
    models = parse(score)
    sn = parse(os.path.join(out, name + '.snaive.txt'))['-']
    served = models['served']
    singles = {m: v for m, v in models.items() if m not in ('served', 'snaive') and not m.startswith('adaptive')}
    best = min(singles, key=lambda m: singles[m]['mase'])
    secs = open(os.path.join(out, name + '.seconds')).read().split()[1]
    rows.append((name, sn, served, best, singles[best], q95(os.path.join(out, name + '.rows.csv')), float(secs)))

print('| series | seasonal naive MASE / cov / IS | served MASE / cov / IS | served q0.95 coverage | best single candidate (MASE) | served / best | backtest s |')
print('|---|---|---|---|---|---|---|')
lower = 0
ok = {'mase<=snaive': 0, 'is<=snaive': 0, 'cov in [0.92,0.97]': 0, 'mase<=1.05 best': 0, 'q95 in [0.93,0.97]': 0}
for name, sn, s, best, b, q, secs in rows:
    print(f"| {name} | {sn['mase']:.3f} / {sn['coverage']:.3f} / {sn['interval_score']:.2f} | "
          f"{s['mase']:.3f} / {s['coverage']:.3f} / {s['interval_score']:.2f} | {q:.3f} | {best} {b['mase']:.3f} | "
          f"{s['mase'] / b['mase']:.3f} | {secs:.1f} |")
    ok['mase<=snaive'] += s['mase'] <= sn['mase']
    ok['is<=snaive'] += s['interval_score'] <= sn['interval_score']
    ok['cov in [0.92,0.97]'] += 0.92 <= s['coverage'] <= 0.97
    ok['mase<=1.05 best'] += s['mase'] <= 1.05 * b['mase']
    ok['q95 in [0.93,0.97]'] += 0.93 <= q <= 0.97
    lower += s['mase'] < sn['mase'] and s['interval_score'] < sn['interval_score']
print()
print(f"series: {len(rows)}; " + '; '.join(f'{k}: {v}' for k, v in ok.items())
      + f"; MASE and interval score both lower than seasonal naive: {lower}")
