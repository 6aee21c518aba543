#!/usr/bin/env bash
# gateway-app against a plain Spring Cloud Gateway, per request, in one run (issue 22):
#
#   bench/load/compare.sh                  # 3 rounds of 15 s per route after 20 s of warm-up per route (about 11 min)
#   ROUNDS=5 DURATION=20s bench/load/compare.sh
#   MVN_ARGS=-o bench/load/compare.sh      # build offline
#
# Processes (every one on 127.0.0.1, free ports, stopped at the end, also on error or Ctrl-C):
#   upstream     nginx (Debian's nginx-light, /usr/sbin/nginx, as the current user under a temporary prefix), one
#                worker, answers 200 "ok" to every path
#   plain        Spring Cloud Gateway 5.0.4 application, one route, no other starter (bench/load/reference-gateway,
#                bench/load/reference-plain.yml)
#   observed     the same with Actuator and the Prometheus registry at their defaults, and Gateway's RequestRateLimiter
#                with RedisRateLimiter (reference-gateway -Pobserved, bench/load/reference-observed.yml)
#   app          gateway-app with its defaults (bench/load/compare-app.yml): request firewall, metrics, observations
#   app-redis    the same in Redis mode (predictive.store=redis)
#   app-noobs    gateway-app with observability off: Gateway's route metrics and observability, WebFlux's
#                http.server.requests and http.client.requests observations, the management server
# Load: wrk, THREADS threads, CONNECTIONS connections, ten tenants (tenant-0..9, bench/load/tenants.lua, one per
# request in turn), on loopback; routes alternated over ROUNDS rounds, the order rotating each round; medians.
#
# Printed per route: req/s, p50 and p99 latency, x plain (the plain Gateway's bare route), x observed (the observed
# Gateway's bare route), the serving process's CPU time per request (user + system from /proc/<pid>/stat over the
# wrk run), non-2xx answers; then the issue's targets, each 'holds' or 'does not hold' in this run. Raw rows: $OUT.
# Needs Java 17, Maven, nginx, wrk, python3, curl; Redis on 127.0.0.1:6379 (keys under a random prefix, deleted at
# the end) or redis-server to start one.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}
MVN_ARGS=${MVN_ARGS:-}
NGINX=${NGINX:-/usr/sbin/nginx}
OUT=${OUT:-bench/load/compare-$(date -u +%Y%m%dT%H%M%SZ).tsv}
APP_JAR=gateway-app/target/gateway-app.jar
REF_DIR=bench/load/reference-gateway
PLAIN_JAR=$REF_DIR/target/reference-gateway-plain.jar
OBSERVED_JAR=$REF_DIR/target/reference-gateway-observed.jar
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-compare:$RANDOM$RANDOM:"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for tool in java mvn wrk python3 curl; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
[ -x "$NGINX" ] || { echo "nginx not found at $NGINX (Debian: apt-get install nginx-light)" >&2; exit 1; }

if [ ! -f "$APP_JAR" ] || [ -n "$(find gateway-app/src/main predictive-filter/src/main forecast-engine/src/main forecast-core/src/main predictive-wire/src/main -newer "$APP_JAR" -type f | head -1)" ]; then
  echo "building $APP_JAR"
  mvn -B -q $MVN_ARGS -DskipTests package -pl gateway-app -am
fi
if [ ! -f "$PLAIN_JAR" ] || [ -n "$(find "$REF_DIR/src" "$REF_DIR/pom.xml" -newer "$PLAIN_JAR" -type f | head -1)" ]; then
  echo "building $PLAIN_JAR"
  mvn -B -q $MVN_ARGS -f "$REF_DIR/pom.xml" -DskipTests package
fi
if [ ! -f "$OBSERVED_JAR" ] || [ -n "$(find "$REF_DIR/src" "$REF_DIR/pom.xml" -newer "$OBSERVED_JAR" -type f | head -1)" ]; then
  echo "building $OBSERVED_JAR"
  mvn -B -q $MVN_ARGS -f "$REF_DIR/pom.xml" -DskipTests -Pobserved package
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if command -v redis-cli >/dev/null; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "request_rate_limiter.{tenant-*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; then
  REDIS_PORT=$(free_port)
  echo "no Redis at $REDIS_HOST:${BENCH_REDIS_PORT:-6379}: starting redis-server on $REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  PIDS+=($!)
fi

# nginx as the current user: everything under $WORK/nginx, listening on loopback only
UPSTREAM_PORT=$(free_port)
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
PIDS+=($!)

PLAIN_PORT=$(free_port); OBSERVED_PORT=$(free_port); APP_PORT=$(free_port); APP_MGMT=$(free_port)
REDIS_APP_PORT=$(free_port); REDIS_APP_MGMT=$(free_port); NOOBS_PORT=$(free_port)
export BENCH_UPSTREAM_PORT=$UPSTREAM_PORT BENCH_REDIS_HOST=$REDIS_HOST BENCH_REDIS_PORT=$REDIS_PORT BENCH_KEY_PREFIX=$PREFIX

BENCH_PORT=$PLAIN_PORT java $JAVA_OPTS -jar "$PLAIN_JAR" --spring.config.additional-location=bench/load/reference-plain.yml \
  >"$WORK/plain.log" 2>&1 &
PLAIN_PID=$!; PIDS+=($PLAIN_PID)
BENCH_PORT=$OBSERVED_PORT java $JAVA_OPTS -jar "$OBSERVED_JAR" \
  --spring.config.additional-location=bench/load/reference-observed.yml >"$WORK/observed.log" 2>&1 &
OBSERVED_PID=$!; PIDS+=($OBSERVED_PID)
BENCH_PORT=$APP_PORT BENCH_MANAGEMENT_PORT=$APP_MGMT java $JAVA_OPTS -jar "$APP_JAR" \
  --spring.config.additional-location=bench/load/compare-app.yml >"$WORK/app.log" 2>&1 &
APP_PID=$!; PIDS+=($APP_PID)
BENCH_PORT=$REDIS_APP_PORT BENCH_MANAGEMENT_PORT=$REDIS_APP_MGMT java $JAVA_OPTS -jar "$APP_JAR" \
  --spring.config.additional-location=bench/load/compare-app.yml --predictive.store=redis >"$WORK/app-redis.log" 2>&1 &
REDIS_APP_PID=$!; PIDS+=($REDIS_APP_PID)
BENCH_PORT=$NOOBS_PORT BENCH_MANAGEMENT_PORT=-1 java $JAVA_OPTS -jar "$APP_JAR" \
  --spring.config.additional-location=bench/load/compare-app.yml \
  --spring.cloud.gateway.server.webflux.metrics.enabled=false \
  --spring.cloud.gateway.server.webflux.observability.enabled=false \
  --management.observations.enable.http.server.requests=false \
  --management.observations.enable.http.client.requests=false >"$WORK/app-noobs.log" 2>&1 &
NOOBS_PID=$!; PIDS+=($NOOBS_PID)

# wait_for URL PID LOG: until URL answers over HTTP; stops the run if the process exits first or after 180 s
wait_for() {
  for _ in $(seq 1 360); do
    curl -s -o /dev/null "$1" && return 0
    if ! kill -0 "$2" 2>/dev/null; then echo "process $2 exited before $1 answered; end of $3:" >&2; tail -20 "$3" >&2; exit 1; fi
    sleep 0.5
  done
  echo "no answer from $1 after 180 s (logs in $WORK)" >&2; exit 1
}
for p in "$PLAIN_PORT $PLAIN_PID plain" "$OBSERVED_PORT $OBSERVED_PID observed" "$APP_PORT $APP_PID app" \
  "$REDIS_APP_PORT $REDIS_APP_PID app-redis" "$NOOBS_PORT $NOOBS_PID app-noobs"; do
  set -- $p; wait_for "http://127.0.0.1:$1/bare/x" "$2" "$WORK/$3.log"
done
echo "nginx upstream :$UPSTREAM_PORT; plain :$PLAIN_PORT, observed :$OBSERVED_PORT, app :$APP_PORT," \
  "app-redis :$REDIS_APP_PORT, app-noobs :$NOOBS_PORT; Redis $REDIS_HOST:$REDIS_PORT prefix $PREFIX; logs in $WORK"

# route name, port, path, pid of the serving process, expected status
ROUTES=("plain-bare $PLAIN_PORT /bare/x $PLAIN_PID 200"
  "observed-bare $OBSERVED_PORT /bare/x $OBSERVED_PID 200"
  "observed-redis-rate-limiter $OBSERVED_PORT /gateway-redis/x $OBSERVED_PID 200"
  "observed-redis-rate-limiter-429 $OBSERVED_PORT /gateway-redis-429/x $OBSERVED_PID 429"
  "app-bare $APP_PORT /bare/x $APP_PID 200"
  "app-predictive-local $APP_PORT /predictive/x $APP_PID 200"
  "app-predictive-429 $APP_PORT /throttled/x $APP_PID 429"
  "app-predictive-redis $REDIS_APP_PORT /predictive/x $REDIS_APP_PID 200"
  "app-noobs-bare $NOOBS_PORT /bare/x $NOOBS_PID 200")
for r in "${ROUTES[@]}"; do
  set -- $r
  # the first request of a tenant on a 429 route is admitted (burst 1): ask twice
  curl -s -o /dev/null -H "X-Tenant-Id: check" "http://127.0.0.1:$2$3"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Tenant-Id: check" "http://127.0.0.1:$2$3")
  echo "check $1: $status"
  [ "$status" = "$5" ] || { echo "route $1 answers $status, not $5 (logs in $WORK): stopping" >&2; exit 1; }
done

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
TICKS_PER_S=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
run_wrk() { # port path pid duration -> "rps p50 p99 non2xx socket_errors cpu_us_per_request"
  local ticks; ticks=$(cpu_ticks "$3")
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s bench/load/tenants.lua "http://127.0.0.1:$1$2")
  ticks=$(( $(cpu_ticks "$3") - ticks ))
  local rps p50 p99 bad errors cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); bad=${bad:-0}
  errors=$(echo "$out" | awk '/Socket errors/ { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i + 0; print n }')
  errors=${errors:-0}
  cpu=$(echo "$out" | awk -v t="$ticks" -v hz="$TICKS_PER_S" '/ requests in / { printf "%.1f", t * 1e6 / hz / $1 }')
  echo "$rps $p50 $p99 $bad $errors $cpu"
}

echo "warm-up: $WARMUP per route"
for r in "${ROUTES[@]}"; do set -- $r; run_wrk "$2" "$3" "$4" "$WARMUP" >/dev/null; done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "round\troute\trequests_per_s\tp50_ms\tp99_ms\tnon_2xx\tsocket_errors\tload1\tcpu_us_per_request\n" > "$OUT"
n=${#ROUTES[@]}
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    set -- ${ROUTES[$(( (i + round - 1) % n ))]}
    read -r rps p50 p99 bad errors cpu <<< "$(run_wrk "$2" "$3" "$4" "$DURATION")"
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$1" "$rps" "$p50" "$p99" "$bad" "$errors" \
      "$(cut -d' ' -f1 /proc/loadavg)" "$cpu" | tee -a "$OUT"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "medians over $ROUNDS rounds ($CONNECTIONS connections, $THREADS wrk thread(s), 10 tenants, $DURATION each; raw: $OUT)"
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
med = {}
for route in dict.fromkeys(r['route'] for r in rows):
    rs = [r for r in rows if r['route'] == route]
    med[route] = {k: statistics.median(float(r[k]) for r in rs)
                  for k in ('requests_per_s', 'p50_ms', 'p99_ms', 'cpu_us_per_request')}
    med[route]['non_2xx'] = sum(int(r['non_2xx']) for r in rs)
    med[route]['errors'] = sum(int(r['socket_errors']) for r in rs)
plain, observed = med['plain-bare'], med['observed-bare']
print(f"{'route':34} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x plain':>8} {'x observed':>10} {'CPU us/req':>10}"
      f" {'non-2xx':>8} {'sock err':>8}")
for route, m in med.items():
    print(f"{route:34} {m['requests_per_s']:8.0f} {m['p50_ms']:7.2f} {m['p99_ms']:7.2f}"
          f" {m['requests_per_s'] / plain['requests_per_s']:8.3f} {m['requests_per_s'] / observed['requests_per_s']:10.3f}"
          f" {m['cpu_us_per_request']:10.1f} {m['non_2xx']:8d} {m['errors']:8d}")
def ratio(a, b):
    return med[a]['requests_per_s'] / med[b]['requests_per_s']
targets = [
    ("app-bare >= 0.97 x observed-bare", ratio('app-bare', 'observed-bare'), 0.97),
    ("app-predictive-local >= 0.95 x observed-bare", ratio('app-predictive-local', 'observed-bare'), 0.95),
    ("app-predictive-redis >= 0.88 x observed-bare", ratio('app-predictive-redis', 'observed-bare'), 0.88),
    ("app-predictive-redis >= 1.5 x observed-redis-rate-limiter",
     ratio('app-predictive-redis', 'observed-redis-rate-limiter'), 1.5),
    ("app-predictive-429 >= 1.3 x plain-bare", ratio('app-predictive-429', 'plain-bare'), 1.3),
    ("app-noobs-bare >= 0.95 x plain-bare", ratio('app-noobs-bare', 'plain-bare'), 0.95),
]
print()
for name, value, bound in targets:
    print(f"target {name}: x{value:.3f} -> {'holds' if value >= bound else 'does not hold'} in this run")
p99 = med['app-predictive-local']['p99_ms'] - observed['p99_ms']
print(f"target app-predictive-local p99 <= observed-bare p99 + 1 ms: {p99:+.2f} ms -> "
      f"{'holds' if p99 <= 1.0 else 'does not hold'} in this run")
PY
