#!/usr/bin/env bash
# Replays the six operations series of ../shared/data/nab-ops as six tenants of one gateway (issue 20).
#
# The series come from different months of 2014 and measure different things (CPU %, disk bytes, an ASG metric), so
# they are first rebased, shape unchanged:
#   - in time: each is shifted by a whole number of weeks so that all begin within the week of the earliest one
#     (weekday and time of day kept), and its timestamps floored onto one 5-minute grid;
#   - in scale: each is multiplied so that its mean over its first 7 days is MEAN_REQUESTS (50) requests per step.
# Then `bench.jar replay` runs on the rebased files with whatever options follow, e.g.
#
#   bench/replay/nab-ops.sh                                    # defaults (7 warm-up days, capacity share 0.8)
#   bench/replay/nab-ops.sh --capacity-share 0.2 --noisy-tenant grok_asg_anomaly --noisy-factor 5
#
# The rebased CSVs are kept in OUT (default: a new directory under /tmp) and the replay's output is printed.
# Needs Java 17, python3, Maven (to build the bench jar if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA=${DATA:-../shared/data/nab-ops}
MEAN_REQUESTS=${MEAN_REQUESTS:-50}
OUT=${OUT:-$(mktemp -d /tmp/nab-ops-rebased.XXXXXX)}
JAR=bench/target/bench.jar

[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl bench -am
mkdir -p "$OUT"

python3 - "$DATA" "$OUT" "$MEAN_REQUESTS" <<'PY'
import csv, datetime, glob, os, sys
data, out, mean_requests = sys.argv[1], sys.argv[2], float(sys.argv[3])
WEEK = 7 * 86400
GRID = 300
series = {}
for path in sorted(glob.glob(os.path.join(data, '*.csv'))):
    rows = []
    with open(path) as f:
        for row in csv.DictReader(f):
            t = datetime.datetime.strptime(row['timestamp'], '%Y-%m-%d %H:%M:%S').replace(tzinfo=datetime.timezone.utc)
            rows.append((int(t.timestamp()), float(row['value'])))
    series[os.path.splitext(os.path.basename(path))[0]] = rows
earliest = min(rows[0][0] for rows in series.values())
for name, rows in series.items():
    weeks = (rows[0][0] - earliest) // WEEK
    shift = weeks * WEEK
    first_week = [v for t, v in rows if t < rows[0][0] + WEEK]
    mean = sum(first_week) / len(first_week) if first_week else 0
    scale = mean_requests / mean if mean > 0 else 1.0
    seen = set()
    with open(os.path.join(out, name + '.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['timestamp', 'value'])
        for t, v in rows:
            slot = (t - shift) // GRID * GRID
            if slot in seen:
                continue
            seen.add(slot)
            stamp = datetime.datetime.fromtimestamp(slot, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
            w.writerow([stamp, round(v * scale, 3)])
    print(f'{name}: shifted {weeks} weeks, x {scale:.6g}', file=sys.stderr)
PY

echo "rebased series in $OUT" >&2
exec java -jar "$JAR" replay "$@" "$OUT"/*.csv
