#!/usr/bin/env bash
# Two real gateway-app processes on one Redis: does the shared standard bucket hold across processes?
# A tenant on rate 10, burst 10 (bench/redis/two-instances.yml) gets 100 requests within about one second,
# alternating between the two processes (bench/redis/burst.py); the admitted total is compared with the bound
# burst + rate x elapsed + lease slack = 10 + 10 x elapsed + 0 (standard buckets take no lease; elapsed from the
# first request sent to the last answer, which bounds the span of the decisions). Then the same with a local-mode
# pair (one bucket per process), which admits about twice as many.
#
#   bench/redis/two-instances.sh           # RUNS=3 bench/redis/two-instances.sh repeats each mode;
#                                          # REDIS_TIMEOUT=50ms (default here 500ms), REQUESTS, WINDOW, WARMUP
#
# Redis: 127.0.0.1:6379 if it answers (keys under a random prefix, deleted at the end), otherwise a redis-server
# started here on a free port. Ports: random free ones, management ports too, all on 127.0.0.1.
# Needs Java 17, python3, curl, Maven (to build the jar if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-1}
REQUESTS=${REQUESTS:-100}
WINDOW=${WINDOW:-0.9}
JAR=gateway-app/target/gateway-app.jar
JAVA_OPTS=${JAVA_OPTS:--Xms128m -Xmx256m}
# the gateways' Redis call time limit: the default 50ms is for a production Redis; on a loaded test machine a call
# may take longer and the request is then decided by the fail-open fallback bucket (counted below as fallbacks)
REDIS_TIMEOUT=${REDIS_TIMEOUT:-500ms}
WARMUP=${WARMUP:-50}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-two:$RANDOM$RANDOM:"
LOGS=$(mktemp -d /tmp/two-instances.XXXXXX)

[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway-app -am

source bench/redis/processes.sh

metric() { # management port, meter name -> its first measurement, 0 when the meter does not exist
  curl -s "http://127.0.0.1:$1/actuator/metrics/$2" | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["measurements"][0]["value"])
except Exception: print(0)'
}

run_mode() { # store -> prints a JSON line with the result
  local store=$1 run=$2 ports=() mgmt=() started=()
  for name in gw-a gw-b; do
    local port mport
    port=$(free_port); mport=$(free_port)
    BENCH_REDIS_HOST=$REDIS_HOST BENCH_REDIS_PORT=$REDIS_PORT BENCH_KEY_PREFIX="$PREFIX$store-$run:" \
      java $JAVA_OPTS -jar "$JAR" --spring.profiles.active=demo --spring.config.additional-location=bench/redis/two-instances.yml \
      --server.port="$port" --management.server.port="$mport" --predictive.store="$store" \
      --predictive.usage.instance-id="$name" --predictive.redis.timeout="$REDIS_TIMEOUT" >"$LOGS/$store-$run-$name.log" 2>&1 &
    PIDS+=($!); started+=($!); ports+=("$port"); mgmt+=("$mport")
  done
  for i in 0 1; do
    wait_for "http://127.0.0.1:${mgmt[$i]}/actuator/health" || { echo "see $LOGS" >&2; exit 1; }
  done
  # warm both up on another tenant (JIT, connection pools); in Redis mode, until both are connected
  for i in 0 1; do
    for _ in $(seq 1 "$WARMUP"); do curl -s -o /dev/null -H 'X-Tenant-Id: warmup' "http://127.0.0.1:${ports[$i]}/limited/x"; done
    if [ "$store" = redis ]; then
      for _ in $(seq 1 100); do [ "$(metric "${mgmt[$i]}" predictive.redis.connected)" = "1.0" ] && break; sleep 0.1; done
    fi
  done
  local before=0 after=0
  for i in 0 1; do before=$(python3 -c "print($before + $(metric "${mgmt[$i]}" predictive.redis.fallbacks))"); done
  local result
  result=$(python3 bench/redis/burst.py --tenant bench --requests "$REQUESTS" --window "$WINDOW" "${ports[@]}")
  for i in 0 1; do after=$(python3 -c "print($after + $(metric "${mgmt[$i]}" predictive.redis.fallbacks))"); done
  for pid in "${started[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  python3 - "$store" "$result" "$before" "$after" <<'PY'
import json, sys
store, r, before, after = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
r['mode'] = store
r['bound_single_limiter'] = round(10 + 10 * r['elapsed_s'], 1)
r['redis_fallbacks'] = int(after - before)
print(json.dumps(r))
PY
}

echo "Redis $REDIS_HOST:$REDIS_PORT, key prefix $PREFIX, Redis timeout $REDIS_TIMEOUT, logs in $LOGS"
RESULTS=()
for run in $(seq 1 "$RUNS"); do
  for store in redis local; do
    line=$(run_mode "$store" "$run")
    echo "$line"
    RESULTS+=("$line")
  done
done
echo
printf '%s\n' "${RESULTS[@]}" > "$LOGS/results.jsonl"
python3 - "$LOGS/results.jsonl" <<'PY'
import json, sys
print("%-6s %8s %4s %9s %13s %7s %13s %9s" % ("mode", "admitted", "of", "elapsed s", "bound 10+10t", "within",
                                             "per instance", "fallbacks"))
for line in open(sys.argv[1]):
    r = json.loads(line)
    within = "yes" if r["admitted"] <= r["bound_single_limiter"] else "NO"
    per = "/".join(str(v) for v in r["admitted_by_port"].values())
    print("%-6s %8d %4d %9.3f %13.1f %7s %13s %9d" % (r["mode"], r["admitted"], r["requests"], r["elapsed_s"],
                                                      r["bound_single_limiter"], within, per, r["redis_fallbacks"]))
print("fallbacks: requests decided by a fail-open fallback bucket (rate/2, burst/2) because a Redis call failed or "
      "took longer than predictive.redis.timeout; the bound holds for the shared bucket only when it is 0")
PY
rm -rf "$LOGS"
