#!/usr/bin/env bash
# Backtests the served forecasts on the 16 development series (../shared/data/nab and nab-ops) with the sidecar's
# backtest command, one series per JVM run (so each run's time is that series' backtest), scores every rows file with
# the project-independent reference scorer, and prints the per-series table of BENCHMARKS.md.
#
#   mvn -B -o -q -pl forecast-sidecar -am package -DskipTests
#   bench/forecast/score-all.sh [OUT_DIR]        (default: bench/forecast/out)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-$ROOT/../shared/data}
SCORER=${SCORER:-$ROOT/../shared/tools/score_forecasts.py}
JAR=${JAR:-$ROOT/forecast-sidecar/target/forecast-sidecar.jar}
OUT=${1:-$ROOT/bench/forecast/out}
mkdir -p "$OUT"
for f in "$DATA"/nab/*.csv "$DATA"/nab-ops/*.csv; do
  name=$(basename "$f" .csv)
  start=$(date +%s.%N)
  java -jar "$JAR" backtest --out "$OUT/$name.rows.csv" "$f" > "$OUT/$name.backtest.txt"
  end=$(date +%s.%N)
  echo "$name $(echo "$end - $start" | bc)" > "$OUT/$name.seconds"
  python3 "$SCORER" score "$f" "$OUT/$name.rows.csv" > "$OUT/$name.score.txt"
  python3 "$SCORER" snaive "$f" "$OUT/$name.snaive.csv"
  python3 "$SCORER" score "$f" "$OUT/$name.snaive.csv" > "$OUT/$name.snaive.txt"
done
python3 "$ROOT/bench/forecast/summarise.py" "$OUT"
