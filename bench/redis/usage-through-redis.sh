#!/usr/bin/env bash
# Usage through Redis with real processes: two gateway-app processes in Redis mode, each with a sidecar of its own
# (as in one pod each), publish usage to the Redis usage stream; both sidecars (sidecar.usage.source=redis,
# sidecar.shard.count=2, one shared model directory) read every instance's usage, each trains only its shard, and
# both serve forecasts for every series. Steps of 10 s so that a step closes quickly.
#
#   bench/redis/usage-through-redis.sh
#
# Tenants: acme (shard 0 of 2: CRC32 96778814) and beta (shard 1: CRC32 2408645731). Prints what each sidecar's
# history holds per tenant against what was sent, which series each sidecar's retraining trained, and how many series
# each serves. Redis: 127.0.0.1:6379 if it answers (own key prefix, deleted at the end), else a redis-server of its
# own on a free port. Needs Java 17, python3, curl, Maven (to build the jars if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

GATEWAY_JAR=gateway-app/target/gateway-app.jar
SIDECAR_JAR=forecast-sidecar/target/forecast-sidecar.jar
JAVA_OPTS=${JAVA_OPTS:--Xms128m -Xmx256m}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-usage:$RANDOM$RANDOM:"
WORK=$(mktemp -d /tmp/usage-through-redis.XXXXXX)

[ -f "$GATEWAY_JAR" ] && [ -f "$SIDECAR_JAR" ] || mvn -B -q -DskipTests package -pl gateway-app,forecast-sidecar -am

source bench/redis/processes.sh

SIDECAR_PORTS=(); GATEWAY_PORTS=(); MANAGEMENT_PORTS=()
for i in 0 1; do
  port=$(free_port)
  java $JAVA_OPTS -jar "$SIDECAR_JAR" --server.port="$port" --sidecar.step=10s \
    --sidecar.data-dir="$WORK/sidecar-$i" --sidecar.model-dir="$WORK/shared-models" \
    --sidecar.usage.source=redis --sidecar.usage.stream="${PREFIX}{usage}:stream" \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
    --sidecar.shard.index="$i" --sidecar.shard.count=2 --sidecar.loader-poll-interval=1s \
    --sidecar.retrain-initial-delay=1h --logging.level.root=WARN >"$WORK/sidecar-$i.log" 2>&1 &
  PIDS+=($!); SIDECAR_PORTS+=("$port")
done
for i in 0 1; do
  port=$(free_port); mport=$(free_port)
  BENCH_REDIS_HOST=$REDIS_HOST BENCH_REDIS_PORT=$REDIS_PORT BENCH_KEY_PREFIX=$PREFIX \
    java $JAVA_OPTS -jar "$GATEWAY_JAR" --spring.profiles.active=demo --spring.config.additional-location=bench/redis/two-instances.yml \
    --server.port="$port" --management.server.port="$mport" --predictive.store=redis \
    --predictive.forecast.sidecar-url="http://127.0.0.1:${SIDECAR_PORTS[$i]}" --predictive.step=10s \
    --predictive.usage.close-delay=1s --predictive.usage.instance-id="gw-$i" \
    --predictive.plans.ten.requests.rate=1000 --predictive.plans.ten.requests.burst=1000 \
    --predictive.tenants.acme.plan=ten --predictive.tenants.beta.plan=ten >"$WORK/gateway-$i.log" 2>&1 &
  PIDS+=($!); GATEWAY_PORTS+=("$port"); MANAGEMENT_PORTS+=("$mport")
done
for i in 0 1; do wait_for "http://127.0.0.1:${SIDECAR_PORTS[$i]}/actuator/health"; done
for i in 0 1; do wait_for "http://127.0.0.1:${MANAGEMENT_PORTS[$i]}/actuator/health"; done
echo "sidecars on ${SIDECAR_PORTS[*]}, gateways on ${GATEWAY_PORTS[*]}, Redis $REDIS_HOST:$REDIS_PORT, prefix $PREFIX"

# what each gateway sends: tenant -> requests
send() { for _ in $(seq 1 "$3"); do curl -s -o /dev/null -H "X-Tenant-Id: $2" "http://127.0.0.1:${GATEWAY_PORTS[$1]}/limited/x"; done; }
send 0 acme 30; send 0 beta 20; send 1 acme 10; send 1 beta 5
echo "sent: acme 30 to gw-0 + 10 to gw-1 = 40, beta 20 + 5 = 25"

# the step closes (10 s + 1 s), the gateways publish, the sidecars read every second
history_total() { # sidecar port, tenant -> the attempted requests in its history
  curl -s "http://127.0.0.1:$1/v1/history?tenant=$2&resource=requests&steps=100" | python3 -c 'import json,sys
try: print(sum(s["attempted"] for s in json.load(sys.stdin)["steps"]))
except Exception: print(0)'
}
for _ in $(seq 1 60); do
  done_all=1
  for i in 0 1; do
    [ "$(history_total "${SIDECAR_PORTS[$i]}" acme)" = 40 ] && [ "$(history_total "${SIDECAR_PORTS[$i]}" beta)" = 25 ] || done_all=0
  done
  [ "$done_all" = 1 ] && break
  sleep 1
done
for i in 0 1; do
  echo "sidecar $i history: acme $(history_total "${SIDECAR_PORTS[$i]}" acme) of 40, beta $(history_total "${SIDECAR_PORTS[$i]}" beta) of 25"
done

for i in 0 1; do
  trained=$(curl -s -X POST "http://127.0.0.1:${SIDECAR_PORTS[$i]}/v1/retrain" | python3 -c 'import json,sys
o = json.load(sys.stdin)["outcomes"]
print(" ".join(sorted((r["series"]["tenant"] if isinstance(r["series"], dict) else str(r["series"])) for r in o)))')
  echo "sidecar $i (shard $i of 2) retrained: $trained"
done
sleep 3   # both loaders look at the shared model directory every second
for i in 0 1; do
  served=$(curl -s "http://127.0.0.1:${SIDECAR_PORTS[$i]}/v1/forecasts" | python3 -c 'import json,sys
print(" ".join(sorted(s["tenant"] for s in json.load(sys.stdin)["series"])))')
  echo "sidecar $i serves forecasts for: $served"
done
rm -rf "$WORK"
