#!/usr/bin/env bash
# Throughput and latency of a Spring Cloud Gateway route with and without rate limiting, in one run, as ratios to
# the bare route (EVALUATION.md, "Performance protocol"): one local upstream process, two gateway processes of the
# same jar, load from wrk on loopback with fixed connections and duration, after a warm-up of every route, routes
# alternated over several rounds (the order rotates each round).
#
#   local gateway (bench/load/gateway-local.yml):  bare | predictive-local | predictive-local-standard
#   Redis gateway (bench/redis/gateway.yml):       gateway-redis (RequestRateLimiter + RedisRateLimiter)
#                                                  | gateway-bucket4j (RequestRateLimiter + Bucket4jRateLimiter,
#                                                    Bucket4j's Lettuce proxy manager on the same Redis)
#                                                  | predictive-redis | predictive-redis-standard
#
#   bench/load/run.sh                      # 3 rounds of 10 s, 15 s warm-up per route, then unmeasured passes until
#                                          # the JIT is quiet (JIT_QUIET_MS, SETTLE_PASSES); ROUNDS=5 DURATION=20s for more
#   REDIS_GATEWAY_ARGS=--predictive.redis.unsynchronized-share=0 bench/load/run.sh   # extra arguments, Redis gateway
#   LOCAL_GATEWAY_ARGS=--predictive.edge.request-firewall.enabled=true bench/load/run.sh  # the same, local gateway
#   ROUTES_ONLY="bare predictive-local predictive-local-noheaders" bench/load/run.sh
#                                          # some routes only (bare always needed); predictive-local-noheaders (the
#                                          # pre-allocated route with include-headers: false) runs only when named
#
# Besides throughput and latency it reports the CPU time the serving gateway process spent per request (user +
# system, from /proc, over each wrk run): on a shared machine a route's throughput moves with whatever else runs,
# its CPU cost per request much less; and the CPU time its JIT compiler threads took meanwhile (jit_cpu_ms in the
# raw rows): a window in which the JIT still compiled measured a gateway not yet warm.
#
# Each gateway's meters (management port on 127.0.0.1) tell, per measured run, which path served it: the share of a
# pre-allocated route's requests decided 'preallocated', and a Redis route's requests decided without Redis.
#
# Redis: 127.0.0.1:6379 if it answers (keys under a random prefix, deleted at the end), otherwise a redis-server
# started here. Every process listens on 127.0.0.1 only, on free ports; every process started here is stopped at the
# end, also on error or Ctrl-C. Needs Java 17, Maven (builds the jar when missing or older than the sources), wrk
# (installed from Debian's package if missing), python3, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
# 15 s per route: with 5 s the route measured first in round 1 still cost its gateway 3 x the CPU per request of
# later rounds (the JIT was still compiling), which skewed every round-1 ratio
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
LOCAL_PORT=$(free_port)
REDIS_GW_PORT=$(free_port)
LOCAL_MGMT=$(free_port)
REDIS_GW_MGMT=$(free_port)
UPSTREAM_PORT=$(free_port)
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-load:$RANDOM$RANDOM:"
JAR=gateway-app/target/gateway-app.jar
OUT=${OUT:-bench/load/results-$(date -u +%Y%m%dT%H%M%SZ).tsv}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}
LOGS=${TMPDIR:-/tmp}/bench-load-$$
mkdir -p "$LOGS"

if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing it (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
if [ ! -f "$JAR" ] || [ -n "$(find gateway-app/src/main predictive-filter/src/main forecast-engine/src/main forecast-core/src/main -newer "$JAR" -type f | head -1)" ]; then
  echo "building $JAR"
  mvn -B -q -DskipTests package -pl gateway-app -am
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if command -v redis-cli >/dev/null; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "request_rate_limiter.{bench*" | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
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

# wait_for URL PID LOG: until URL answers over HTTP; stops the run if the process exits first or after 90 s
wait_for() {
  for _ in $(seq 1 180); do
    curl -s -o /dev/null "$1" && return 0
    if ! kill -0 "$2" 2>/dev/null; then echo "process $2 exited before $1 answered; end of $3:" >&2; tail -20 "$3" >&2; exit 1; fi
    sleep 0.5
  done
  echo "no answer from $1 after 90 s (logs in $LOGS)" >&2; exit 1
}

java $JAVA_OPTS -jar "$JAR" --spring.profiles.active=demo --server.address=127.0.0.1 --server.port="$UPSTREAM_PORT" --management.server.port=-1 \
  --logging.level.root=WARN --spring.cloud.gateway.server.webflux.routes[0].id=none \
  --spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:1 \
  --spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/none/** >"$LOGS/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=($UPSTREAM_PID)
BENCH_GATEWAY_PORT=$LOCAL_PORT BENCH_UPSTREAM_PORT=$UPSTREAM_PORT \
  java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --spring.config.additional-location=bench/load/gateway-local.yml \
  --management.server.port="$LOCAL_MGMT" --predictive.metrics.tenants=bench,bench-standard ${LOCAL_GATEWAY_ARGS:-} \
  >"$LOGS/gateway-local.log" 2>&1 &
LOCAL_PID=$!; PIDS+=($LOCAL_PID)
BENCH_GATEWAY_PORT=$REDIS_GW_PORT BENCH_UPSTREAM_PORT=$UPSTREAM_PORT BENCH_REDIS_HOST=$REDIS_HOST \
BENCH_REDIS_PORT=$REDIS_PORT BENCH_KEY_PREFIX=$PREFIX \
  java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --spring.config.additional-location=bench/redis/gateway.yml \
  --management.server.port="$REDIS_GW_MGMT" --predictive.metrics.tenants=bench,bench-standard ${REDIS_GATEWAY_ARGS:-} \
  >"$LOGS/gateway-redis.log" 2>&1 &
REDIS_GW_PID=$!; PIDS+=($REDIS_GW_PID)
wait_for "http://127.0.0.1:$UPSTREAM_PORT/demo-backend" "$UPSTREAM_PID" "$LOGS/upstream.log"
wait_for "http://127.0.0.1:$LOCAL_PORT/bare/x" "$LOCAL_PID" "$LOGS/gateway-local.log"
wait_for "http://127.0.0.1:$REDIS_GW_PORT/bare/x" "$REDIS_GW_PID" "$LOGS/gateway-redis.log"
echo "upstream on $UPSTREAM_PORT, local gateway on $LOCAL_PORT, Redis gateway on $REDIS_GW_PORT," \
  "Redis $REDIS_HOST:$REDIS_PORT, key prefix $PREFIX, logs in $LOGS"

# route name, port, path, tenant, the gateway's management port (its meters: Prometheus text on 127.0.0.1)
ALL_ROUTES=("bare $LOCAL_PORT /bare/x bench $LOCAL_MGMT"
  "predictive-local $LOCAL_PORT /predictive/x bench $LOCAL_MGMT"
  "predictive-local-standard $LOCAL_PORT /predictive-standard/x bench-standard $LOCAL_MGMT"
  "gateway-redis $REDIS_GW_PORT /gateway-redis/x bench $REDIS_GW_MGMT"
  "gateway-bucket4j $REDIS_GW_PORT /gateway-bucket4j/x bench $REDIS_GW_MGMT"
  "predictive-redis $REDIS_GW_PORT /predictive/x bench $REDIS_GW_MGMT"
  "predictive-redis-standard $REDIS_GW_PORT /predictive-standard/x bench-standard $REDIS_GW_MGMT"
  "predictive-local-noheaders $LOCAL_PORT /predictive-noheaders/x bench $LOCAL_MGMT")
ROUTES_ONLY=${ROUTES_ONLY:-bare predictive-local predictive-local-standard gateway-redis gateway-bucket4j predictive-redis predictive-redis-standard}
ROUTES=()
for r in "${ALL_ROUTES[@]}"; do case " $ROUTES_ONLY " in *" ${r%% *} "*) ROUTES+=("$r") ;; esac; done
case " $ROUTES_ONLY " in *" bare "*) ;; *) echo "ROUTES_ONLY must name bare: every ratio is to it" >&2; exit 1 ;; esac
for r in "${ROUTES[@]}"; do
  set -- $r
  headers=$(curl -s -D - -o /dev/null -H "X-Tenant-Id: $4" "http://127.0.0.1:$2$3" | tr -d '\r' | grep -iE '^HTTP|^X-Predictive-Decision|^X-RateLimit-Remaining' | tr '\n' ' ')
  echo "check $1: $headers"
  case "$headers" in "HTTP/1.1 200"*) ;; *) echo "route $1 does not answer 200 (logs in $LOGS): stopping" >&2; exit 1 ;; esac
done

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
TICKS_PER_S=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
jit_ticks() { # the same, of its JIT compiler threads only
  local t=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) t=$(( t + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) )) ;; esac
  done
  echo "$t"
}
run_wrk() { # port path tenant duration -> "rps p50 p99 non2xx socket_errors gateway_cpu_us_per_request jit_cpu_ms"
  local pid=$LOCAL_PID; [ "$1" = "$LOCAL_PORT" ] || pid=$REDIS_GW_PID
  local ticks jit; ticks=$(cpu_ticks "$pid"); jit=$(jit_ticks "$pid")
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -H "X-Tenant-Id: $3" "http://127.0.0.1:$1$2")
  ticks=$(( $(cpu_ticks "$pid") - ticks )); jit=$(( ($(jit_ticks "$pid") - jit) * 1000 / TICKS_PER_S ))
  local rps p50 p99 bad errors cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); bad=${bad:-0}
  errors=$(echo "$out" | awk '/Socket errors/ { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i + 0; print n }')
  errors=${errors:-0}
  cpu=$(echo "$out" | awk -v t="$ticks" -v hz="$TICKS_PER_S" '/ requests in / { printf "%.1f", t * 1e6 / hz / $1 }')
  echo "$rps $p50 $p99 $bad $errors $cpu $jit"
}

echo "warm-up: $WARMUP per route"
for r in "${ROUTES[@]}"; do set -- $r; run_wrk "$2" "$3" "$4" "$WARMUP" >/dev/null; done
decision() { curl -s -D - -o /dev/null -H "X-Tenant-Id: $3" "http://127.0.0.1:$1$2" | tr -d '\r' | awk 'tolower($1) == "x-predictive-decision:" {print $2}'; }
# a pre-allocated tenant is served 'standard' until a step with its grant has been prepared (and, in Redis mode,
# leased): wait for it, so that the pre-allocated routes measure the pre-allocated path
for r in "${ROUTES[@]}"; do
  set -- $r
  case "$1" in predictive-local|predictive-redis) ;; *) continue ;; esac
  for _ in $(seq 1 "$(( ${PREALLOCATION_WAIT:-130} / 2 ))"); do [ "$(decision "$2" "$3" "$4")" = preallocated ] && break; sleep 2; done
  d=$(decision "$2" "$3" "$4")
  echo "$1 after warm-up: ${d:-no decision header}"
  [ "$d" = preallocated ] || echo "warning: $1 is not served 'preallocated': its figures are of the '$d' path" >&2
done

# counts MGMT TENANT -> "preallocated all fallbacks": the gateway's predictive.decisions of that tenant so far, and
# its requests decided without Redis (predictive.redis.fallbacks, all tenants; 0 on the local gateway)
counts() {
  curl -s "http://127.0.0.1:$1/actuator/prometheus" | awk -v t="tenant=\"$2\"" '
    /^predictive_decisions_total\{/ && index($0, t) { all += $NF; if (index($0, "class=\"preallocated\"")) pre += $NF }
    /^predictive_redis_fallbacks_total\{/ { fallbacks += $NF }
    END { printf "%d %d %d\n", pre, all, fallbacks }'
}

# Settle: unmeasured passes over every route until, in one whole pass, no window found the gateway's JIT compiler
# busy (at most JIT_QUIET_MS of compiler CPU per window), at most SETTLE_PASSES passes. With the two cores saturated
# by wrk, the upstream and the gateway, the compiler threads get little CPU: a fixed warm-up (even 30 s per route,
# runs 15 and 16) still left 5-7 s of compilation in the first measured 20 s windows, and those rounds measured a
# gateway not yet compiled. The pass after the pre-allocation wait matters most: the wait itself is idle.
JIT_QUIET_MS=${JIT_QUIET_MS:-300}
SETTLE_PASSES=${SETTLE_PASSES:-6}
for pass in $(seq 1 "$SETTLE_PASSES"); do
  busiest=0; line=""
  for r in "${ROUTES[@]}"; do
    set -- $r
    # scrape the meters as the measured rounds do around a predictive route (runs 17-20 found the JIT busy in the
    # pre-allocated route's first measured window only, the first with a scrape around it)
    case "$1" in predictive-*) counts "$5" "$4" >/dev/null ;; esac
    read -r _ _ _ _ _ _ jit <<< "$(run_wrk "$2" "$3" "$4" "$DURATION")"
    case "$1" in predictive-*) counts "$5" "$4" >/dev/null ;; esac
    line="$line $1=${jit}ms"; [ "$jit" -gt "$busiest" ] && busiest=$jit
  done
  echo "settle pass $pass: JIT compiler CPU per window:$line"
  if [ "$busiest" -le "$JIT_QUIET_MS" ]; then break; fi
  [ "$pass" = "$SETTLE_PASSES" ] && echo "warning: the JIT still compiled after $SETTLE_PASSES passes: the first rounds may measure it" >&2
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# preallocated_pct: for the pre-allocated routes, the share of the measured requests the filter decided
# 'preallocated' (from its predictive.decisions counters around the wrk run); redis_fallbacks: for the predictive
# Redis routes, requests of the run decided without Redis (timeout or open circuit: fail-open, local); '-' otherwise;
# gateway_cpu_us_per_request, jit_cpu_ms: see the top of this file
printf "round\troute\trequests_per_s\tp50_ms\tp99_ms\tnon_2xx\tsocket_errors\tload1\tpreallocated_pct\tredis_fallbacks\tgateway_cpu_us_per_request\tjit_cpu_ms\n" > "$OUT"
n=${#ROUTES[@]}
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    set -- ${ROUTES[$(( (i + round - 1) % n ))]}
    case "$1" in predictive-*) read -r pre0 all0 fb0 <<< "$(counts "$5" "$4")" ;; esac
    read -r rps p50 p99 bad errors cpu jit <<< "$(run_wrk "$2" "$3" "$4" "$DURATION")"
    share=-; fallbacks=-
    case "$1" in predictive-*) read -r pre1 all1 fb1 <<< "$(counts "$5" "$4")" ;; esac
    case "$1" in predictive-local|predictive-redis)
      share=$(awk -v p=$((pre1 - pre0)) -v a=$((all1 - all0)) 'BEGIN { if (a > 0) printf "%.2f", 100 * p / a; else print "-" }') ;;
    esac
    case "$1" in predictive-redis*) fallbacks=$((fb1 - fb0)) ;; esac
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$1" "$rps" "$p50" "$p99" "$bad" "$errors" \
      "$(cut -d' ' -f1 /proc/loadavg)" "$share" "$fallbacks" "$cpu" "$jit" | tee -a "$OUT"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in "${ROUTES[@]}"; do set -- $r; case "$1" in predictive-*) echo "$1 at the end: $(decision "$2" "$3" "$4")" ;; esac; done

echo
echo "medians over $ROUNDS rounds ($CONNECTIONS connections, $THREADS wrk thread(s), $DURATION each; raw: $OUT)"
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
rounds = list(dict.fromkeys(r['round'] for r in rows))
by = {(r['round'], r['route']): r for r in rows}
med, errors = {}, {}
for route in dict.fromkeys(r['route'] for r in rows):
    rs = [r for r in rows if r['route'] == route]
    med[route] = tuple(statistics.median(float(r[k]) for r in rs)
                       for k in ('requests_per_s', 'p50_ms', 'p99_ms', 'gateway_cpu_us_per_request', 'jit_cpu_ms'))
    errors[route] = sum(int(r['non_2xx']) + int(r['socket_errors']) for r in rs)
b = med['bare']
print(f"{'route':26} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x bare':>7} {'p50 x':>6} {'p99 x':>6} {'p99-bare':>9}"
      f" {'errors':>6} {'gw us/req':>9} {'x bare':>6} {'jit ms':>6}  req/s x bare per round")
for route, (rps, p50, p99, cpu, jit) in med.items():
    per = [float(by[(k, route)]['requests_per_s']) / float(by[(k, 'bare')]['requests_per_s']) for k in rounds]
    print(f"{route:26} {rps:8.0f} {p50:7.2f} {p99:7.2f} {rps / b[0]:7.2f} {p50 / b[1]:6.2f} {p99 / b[2]:6.2f}"
          f" {p99 - b[2]:+9.2f} {errors[route]:6d} {cpu:9.1f} {cpu / b[3]:6.2f} {jit:6.0f}  " + ", ".join(f"{x:.2f}" for x in per)
          + f" (median {statistics.median(per):.2f})")
print("(medians over rounds; 'x bare': ratio of the medians to the bare route's; errors: non-2xx answers and wrk"
      " socket errors, summed over rounds; gw us/req: CPU time of the gateway process serving the route per request; jit ms: CPU time of its JIT compiler"
      " threads during the route's run)")
for route in ('predictive-local', 'predictive-redis'):
    shares = [float(r['preallocated_pct']) for r in rows
              if r['route'] == route and r.get('preallocated_pct', '-') not in ('-', '', None)]
    if shares:
        low = min(shares)
        print(f"{route}: share of its measured requests decided 'preallocated', per round: "
              + ", ".join(f"{x:.2f} %" for x in shares)
              + ("" if low >= 99 else "  <- warning: below 99 %, its figures are partly of the standard path"))
for route in ('predictive-redis', 'predictive-redis-standard'):
    fb = [r.get('redis_fallbacks', '-') for r in rows if r['route'] == route]
    if fb and all(x not in ('-', '', None) for x in fb):
        print(f"{route}: requests decided without Redis (fail-open fallback), per round: " + ", ".join(fb))
g = med.get('gateway-redis')
if g:
    for route in ('predictive-redis', 'predictive-redis-standard'):
        if route in med:
            rps, _, p99, _, _ = med[route]
            per = [float(by[(k, route)]['requests_per_s']) / float(by[(k, 'gateway-redis')]['requests_per_s'])
                   for k in rounds]
            ok = rps >= 1.5 * g[0] and p99 <= g[2]
            print(f"target, {route} >= 1.5 x gateway-redis throughput with p99 no worse: x{rps / g[0]:.2f}"
                  f" (per round " + ", ".join(f"{x:.2f}" for x in per) + f"), p99 {p99:.2f} vs {g[2]:.2f} ms"
                  f" -> {'holds' if ok else 'does not hold'} in this run")
if 'predictive-local' in med:
    p = med['predictive-local']
    ok = p[0] >= 0.95 * b[0] and p[2] <= b[2] + 1.0
    print(f"\ntarget, local mode >= 0.95 x bare throughput and p99 <= bare + 1 ms: "
          f"x{p[0] / b[0]:.2f}, p99 {p[2]:.2f} vs {b[2]:.2f} ms -> {'holds' if ok else 'does not hold'} in this run")
PY
