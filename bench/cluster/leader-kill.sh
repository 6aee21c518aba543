#!/usr/bin/env bash
# The cluster's embedded forecaster when its leader dies: three real gateway-app processes on one Redis, no sidecar
# (each reads every instance's usage from the Redis usage stream; one leads, retrains and publishes the forecasts).
# A gold tenant's requests go round-robin to the live instances at a steady rate; once every instance serves a
# forecast and a grant for it, the leader is killed with kill -9 (no resignation: its lease must lapse). Printed:
# how long until another instance leads (seconds and steps; issue 18 asks for at most two steps), and per step
# after the kill, each survivor's grant for the tenant against the grant before the kill (a survivor forecasting
# from its own share of the usage would grant about a third of it).
#
#   bench/cluster/leader-kill.sh     # TIME_SCALE=20 (one 60 s step per 3 s), LEASE (default: the gateway's),
#                                    # RATE=20 requests/s, STEPS_AFTER=4, REDIS_TIMEOUT=50ms
#
# Redis: 127.0.0.1:6379 if it answers (keys under a random prefix, deleted at the end), otherwise a redis-server
# started here. Which instance leads is read from the instances' logs ("now runs the cluster's forecaster (epoch
# N)"). Needs Java 17, python3, curl, Maven (to build the jar if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

TIME_SCALE=${TIME_SCALE:-20}
RATE=${RATE:-20}
STEPS_AFTER=${STEPS_AFTER:-4}
REDIS_TIMEOUT=${REDIS_TIMEOUT:-50ms}
LEASE=${LEASE:-}
JAR=gateway-app/target/gateway-app.jar
JAVA_OPTS=${JAVA_OPTS:--Xms128m -Xmx256m -XX:TieredStopAtLevel=1}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-leader-kill:$RANDOM$RANDOM:"
LOGS=$(mktemp -d /tmp/leader-kill.XXXXXX)
STEP_S=$(python3 -c "print(60 / $TIME_SCALE)")

[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway-app -am

source bench/redis/processes.sh

PORTS=(); MGMT=(); GW=()
for i in 0 1 2; do
  port=$(free_port); mport=$(free_port)
  extra=()
  [ -n "$LEASE" ] && extra+=(--predictive.redis.forecaster-lease="$LEASE")
  java $JAVA_OPTS -jar "$JAR" --spring.profiles.active=demo --server.port="$port" --server.address=127.0.0.1 \
    --management.server.port="$mport" --predictive.store=redis --spring.data.redis.host="$REDIS_HOST" \
    --spring.data.redis.port="$REDIS_PORT" --predictive.redis.key-prefix="$PREFIX" \
    --predictive.redis.timeout="$REDIS_TIMEOUT" --predictive.redis.expected-instances=3 \
    --predictive.time-scale="$TIME_SCALE" --predictive.tenants.someone.plan=gold \
    --predictive.usage.instance-id="gw-$i" --predictive.embedded.data-dir="$LOGS/gw-$i/data" \
    --predictive.embedded.model-dir="$LOGS/gw-$i/models" --predictive.embedded.retrain-initial-delay=2s --predictive.embedded.retrain-interval=5m \
    "${extra[@]}" >"$LOGS/gw-$i.log" 2>&1 &
  PIDS+=($!); GW+=($!); PORTS+=("$port"); MGMT+=("$mport")
done
for i in 0 1 2; do
  wait_for "http://127.0.0.1:${MGMT[$i]}/actuator/health" || { echo "see $LOGS" >&2; exit 1; }
done
echo "three gateways up (ports ${PORTS[*]}), Redis $REDIS_HOST:$REDIS_PORT, prefix $PREFIX, step ${STEP_S}s, logs $LOGS"

# steady traffic, round-robin over the ports listed in $LOGS/live (rewritten at the kill)
printf '%s\n' "${PORTS[@]}" > "$LOGS/live"
python3 - "$LOGS/live" "$RATE" <<'PY' &
import sys, time, urllib.request
live, rate = sys.argv[1], float(sys.argv[2])
i = 0
while True:
    ports = [p.strip() for p in open(live) if p.strip()]
    port = ports[i % len(ports)]
    try:
        urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:%s/demo/hello' % port,
                                                      headers={'X-Tenant-Id': 'someone'}), timeout=5).read()
    except Exception:
        pass
    i += 1
    time.sleep(1 / rate)
PY
PIDS+=($!)

granted() { # management port -> the tenant's grant in the current step ("-" when none)
  { curl -s "http://127.0.0.1:$1/actuator/predictive?tenant=someone" || true; } | python3 -c '
import json, sys
def find(node):
    if isinstance(node, dict):
        if "granted" in node and node.get("tenant", "someone") == "someone":
            return node["granted"]
        for value in node.values():
            found = find(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = find(value)
            if found is not None:
                return found
    return None
try:
    value = find(json.load(sys.stdin))
    print("-" if value is None else value)
except Exception:
    print("-")'
}

epoch_of() { # log -> the highest epoch it says it led with (0 when none)
  grep -o "now runs the cluster's forecaster (epoch [0-9]*" "$1" | grep -o '[0-9]*$' | sort -n | tail -1 || true
}

leader=-1; epoch=0; ok=0
for _ in $(seq 1 240); do
  for i in 0 1 2; do
    e=$(epoch_of "$LOGS/gw-$i.log"); e=${e:-0}
    if [ "$e" -gt "$epoch" ]; then epoch=$e; leader=$i; fi
  done
  ok=1
  for i in 0 1 2; do g=$(granted "${MGMT[$i]}"); [ "$g" = "-" ] || [ "$g" = "0" ] && ok=0; done
  [ "$leader" -ge 0 ] && [ "$ok" = 1 ] && break
  sleep 0.2
done
[ "$leader" -ge 0 ] && [ "$ok" = 1 ] || { echo "no leader with grants on every instance; see $LOGS" >&2; exit 1; }
before=$(granted "${MGMT[$leader]}")
echo "leader gw-$leader (epoch $epoch), grant in the current step before the kill: $before"

survivors=(); for i in 0 1 2; do [ "$i" != "$leader" ] && survivors+=("$i"); done
printf '%s\n' "${PORTS[${survivors[0]}]}" "${PORTS[${survivors[1]}]}" > "$LOGS/live"
killed=$(date +%s.%N)
kill -9 "${GW[$leader]}"
echo "killed gw-$leader (pid ${GW[$leader]}) with kill -9"

successor=-1
for _ in $(seq 1 600); do
  for i in "${survivors[@]}"; do
    e=$(epoch_of "$LOGS/gw-$i.log"); e=${e:-0}
    if [ "$e" -gt "$epoch" ]; then successor=$i; new_epoch=$e; fi
  done
  [ "$successor" -ge 0 ] && break
  sleep 0.05
done
[ "$successor" -ge 0 ] || { echo "no successor within 30 s; see $LOGS" >&2; exit 1; }
took=$(python3 -c "import time; print('%.2f' % (time.time() - $killed))")
steps=$(python3 -c "print('%.2f' % ($took / $STEP_S))")
within=$(python3 -c "print('yes' if $took <= 2 * $STEP_S else 'NO')")
echo "takeover: gw-$successor leads (epoch $new_epoch) ${took}s after the kill = $steps steps (within two steps: $within)"

echo "grants per step after the kill (before: $before; one survivor's share would grant about a third):"
printf '%-6s %-12s %-12s\n' step "gw-${survivors[0]}" "gw-${survivors[1]}"
for s in $(seq 1 "$STEPS_AFTER"); do
  sleep "$STEP_S"
  printf '%-6s %-12s %-12s\n' "+$s" "$(granted "${MGMT[${survivors[0]}]}")" "$(granted "${MGMT[${survivors[1]}]}")"
done
