#!/usr/bin/env bash
# Throughput and latency of PredictiveRateLimiter in Redis mode against Spring Cloud Gateway's RequestRateLimiter
# with RedisRateLimiter, on the same Redis, in one run: one gateway process (bench/redis/gateway.yml) with four
# routes to one local upstream process; load from wrk on loopback, fixed connections and duration, after a warm-up,
# routes alternated over several rounds (the order rotates each round).
#
#   bench/redis/run.sh                     # defaults below; ROUNDS=5 DURATION=20s bench/redis/run.sh for more
#
# Redis: 127.0.0.1:6379 if it answers (keys under a random prefix, deleted at the end), otherwise a redis-server
# started here on a free port. Needs Java 17, Maven (to build the jar if missing), wrk (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
GATEWAY_PORT=${BENCH_GATEWAY_PORT:-$(free_port)}
UPSTREAM_PORT=${BENCH_UPSTREAM_PORT:-$(free_port)}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-bench:$RANDOM$RANDOM:"
JAR=gateway-app/target/gateway-app.jar
OUT=${OUT:-bench/redis/results-$(date -u +%Y%m%dT%H%M%SZ).tsv}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}

if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing it (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway-app -am

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if command -v redis-cli >/dev/null; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "request_rate_limiter.{bench*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
  fi
}
trap cleanup EXIT

if ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; then
  REDIS_PORT=16379
  echo "no Redis at $REDIS_HOST:${BENCH_REDIS_PORT:-6379}: starting redis-server on $REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  PIDS+=($!)
fi

wait_for() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

java $JAVA_OPTS -jar "$JAR" --spring.profiles.active=demo --server.port="$UPSTREAM_PORT" --management.server.port=-1 \
  --logging.level.root=WARN --spring.cloud.gateway.server.webflux.routes[0].id=none \
  --spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:1 \
  --spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/none/** >/tmp/bench-upstream.log 2>&1 &
PIDS+=($!)
BENCH_GATEWAY_PORT=$GATEWAY_PORT BENCH_UPSTREAM_PORT=$UPSTREAM_PORT BENCH_REDIS_HOST=$REDIS_HOST \
BENCH_REDIS_PORT=$REDIS_PORT BENCH_KEY_PREFIX=$PREFIX \
  java $JAVA_OPTS -jar "$JAR" --spring.config.additional-location=bench/redis/gateway.yml >/tmp/bench-gateway.log 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$UPSTREAM_PORT/demo-backend"
wait_for "http://127.0.0.1:$GATEWAY_PORT/bare/x"
echo "upstream on $UPSTREAM_PORT, gateway on $GATEWAY_PORT, Redis $REDIS_HOST:$REDIS_PORT, key prefix $PREFIX"

# route name, path, tenant
ROUTES=("bare /bare/x bench" "predictive /predictive/x bench" "predictive-standard /predictive-standard/x bench-standard" "gateway-redis /gateway-redis/x bench")
for r in "${ROUTES[@]}"; do
  set -- $r
  headers=$(curl -s -D - -o /dev/null -H "X-Tenant-Id: $3" "http://127.0.0.1:$GATEWAY_PORT$2" | tr -d '\r' | grep -iE '^HTTP|^X-Predictive-Decision|^X-RateLimit-Remaining' | tr '\n' ' ')
  echo "check $1: $headers"
  case "$headers" in "HTTP/1.1 200"*) ;; *) echo "route $1 does not answer 200 (see /tmp/bench-gateway.log): stopping" >&2; exit 1 ;; esac
done

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
run_wrk() { # name path tenant duration -> "rps p50 p99 non2xx"
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -H "X-Tenant-Id: $3" "http://127.0.0.1:$GATEWAY_PORT$2")
  local rps p50 p99 bad
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); bad=${bad:-0}
  echo "$rps $p50 $p99 $bad"
}

echo "warm-up: $WARMUP per route"
for r in "${ROUTES[@]}"; do set -- $r; run_wrk "$1" "$2" "$3" "$WARMUP" >/dev/null; done

printf "round\troute\trequests_per_s\tp50_ms\tp99_ms\tnon_2xx\n" > "$OUT"
n=${#ROUTES[@]}
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    set -- ${ROUTES[$(( (i + round - 1) % n ))]}
    read -r rps p50 p99 bad <<< "$(run_wrk "$1" "$2" "$3" "$DURATION")"
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$1" "$rps" "$p50" "$p99" "$bad" | tee -a "$OUT"
  done
done

echo
echo "medians over $ROUNDS rounds ($CONNECTIONS connections, $THREADS wrk thread(s), $DURATION each; raw: $OUT)"
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
med = {}
for route in dict.fromkeys(r['route'] for r in rows):
    rs = [r for r in rows if r['route'] == route]
    med[route] = tuple(statistics.median(float(r[k]) for r in rs) for k in ('requests_per_s', 'p50_ms', 'p99_ms', 'non_2xx'))
print(f"{'route':22} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'x gateway-redis':>16}")
base = med['gateway-redis'][0]
for route, (rps, p50, p99, bad) in med.items():
    print(f"{route:22} {rps:10.0f} {p50:8.2f} {p99:8.2f} {bad:8.0f} {rps / base:16.2f}")
g = med['gateway-redis']; p = med['predictive']
print(f"\npredictive (leases) vs gateway-redis: throughput x{p[0] / g[0]:.2f}, p99 {p[2]:.2f} ms vs {g[2]:.2f} ms")
# the same ratios within each round (routes of one round ran minutes apart at most), less sensitive to load drift
by = {(r['round'], r['route']): r for r in rows}
for route in ('predictive', 'predictive-standard', 'bare'):
    ratios = [float(by[(k, route)]['requests_per_s']) / float(by[(k, 'gateway-redis')]['requests_per_s'])
              for k in dict.fromkeys(r['round'] for r in rows)]
    print(f"{route} / gateway-redis throughput per round: " + ", ".join(f"{x:.2f}" for x in ratios)
          + f"; median {statistics.median(ratios):.2f}")
PY
