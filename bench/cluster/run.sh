#!/usr/bin/env bash
# Do N gateways on one Redis behave as one gateway (issue 18)? Replays a multi-tenant trace in compressed time through
# real `java -jar` processes on loopback, in three configurations, each on the same trace window:
#   a) 1 gateway  + 1 sidecar                      the baseline: one gateway fed the whole trace
#   b) 3 gateways + 1 sidecar                      requests dealt round-robin over the three
#   c) 3 gateways + 2 sidecars sharded by tenant   gateways 0 and 2 pull from sidecar 0, gateway 1 from sidecar 1;
#                                                  both sidecars read the usage stream, share one model directory
# and compares b and c with a per tenant: the grants (pre-allocations) of the window's steps summed, the requests
# admitted in them (both from the gateways' /actuator/predictive/{tenant} history: in Redis mode every instance
# records the cluster's usage and the whole grant; where the instances disagree is reported) and the final adjustment
# multiplier m (the mean of the instances'), each within TOLERANCE (5%): PASS or FAIL per tenant.
#
#   mvn -B -q -o -DskipTests package -pl gateway-app,forecast-sidecar -am && bench/cluster/run.sh
#   CONFIGS="a b" STEPS=48 bench/cluster/run.sh      # a shorter run, fewer configurations
#   CONFIGS="b c" BASELINE=/tmp/cluster-bench-XXXX/a.json bench/cluster/run.sh   # against an earlier run's a
#
# The trace: the ten Twitter series of ../shared/data/nab (DATA), one tenant each, in 5-minute steps, divided by
# DIVISOR (rounded; the same for history and replay); HISTORY_DAYS of history before the replay go to every sidecar
# through POST /v1/usage, then the sidecars retrain (POST /v1/retrain) while WARMUP steps are replayed (not compared),
# then STEPS steps from START are replayed and compared. The gateways get no forecast for a step before the
# FORECAST_LEAD-th step before START (driver.py proxy), so that the multipliers start at one step in every run.
# Plans from the history: each tenant's rate its median demand per second, its burst BURST_SECONDS of that rate; capacity ten times the busiest step (never the limit). Time:
# TIME_SCALE (150: a 5-minute step lasts 2 s); the time origin of each configuration is chosen so that the replay
# falls on the same time of day and day of week of engine time in every configuration (driver.py prepare).
#
# Redis: 127.0.0.1:6379 if it answers (keys under a random prefix, deleted at the end), otherwise a redis-server
# started here on a free port. Ports: random free ones on 127.0.0.1. Every process is stopped by its PID at the end;
# the work directory (logs, results) is printed. Needs Java 17, python3, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIGS=${CONFIGS:-a b c}
DATA=${DATA:-../shared/data/nab}
START=${START:-2015-03-26T00:00:00}
STEPS=${STEPS:-144}
WARMUP=${WARMUP:-30}
FORECAST_LEAD=${FORECAST_LEAD:-10}
HISTORY_DAYS=${HISTORY_DAYS:-14}
DIVISOR=${DIVISOR:-2}
BURST_SECONDS=${BURST_SECONDS:-60}
TIME_SCALE=${TIME_SCALE:-150}
LEAD_SECONDS=${LEAD_SECONDS:-}
TOLERANCE=${TOLERANCE:-0.05}
WORKERS=${WORKERS:-32}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms128m -Xmx256m -XX:TieredStopAtLevel=1}
SIDECAR_JAVA_OPTS=${SIDECAR_JAVA_OPTS:--Xmx384m}
GATEWAY_JAR=gateway-app/target/gateway-app.jar
SIDECAR_JAR=forecast-sidecar/target/forecast-sidecar.jar
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
PREFIX="predictive-cluster:$RANDOM$RANDOM:"

for jar in "$GATEWAY_JAR" "$SIDECAR_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: build first (see the header)" >&2; exit 2; }
done
[ -d "$DATA" ] || { echo "no trace at $DATA (DATA=...)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cluster-bench-XXXXXX")

source bench/redis/processes.sh

stop_started() { # stops the given PIDs (this configuration's processes), TERM then KILL
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

run_config() { # a|b|c
  local config=$1 gateways sidecars dir started=()
  case "$config" in
    a) gateways=1; sidecars=1 ;;
    b) gateways=3; sidecars=1 ;;
    c) gateways=3; sidecars=2 ;;
    *) echo "unknown configuration $config (a, b or c)" >&2; exit 2 ;;
  esac
  dir="$WORK/$config"
  mkdir -p "$dir"
  # the time origin is fixed before the processes start, for a replay that starts lead seconds later: time enough
  # for every JVM to start on a loaded 2-core host (3 gateways and 2 sidecars took over 315 s at load average 22)
  local lead=${LEAD_SECONDS:-$((120 + 55 * (gateways + sidecars)))}
  read -r origin real_start < <(python3 bench/cluster/driver.py prepare "$dir" --data "$DATA" --start "$START" \
    --steps "$STEPS" --warmup "$WARMUP" --history-days "$HISTORY_DAYS" --divisor "$DIVISOR" \
    --burst-seconds "$BURST_SECONDS" --scale "$TIME_SCALE" --lead-seconds "$lead" --forecast-lead "$FORECAST_LEAD")
  local prefix="$PREFIX$config:" sidecar_ports=() gateway_ports=() management_ports=()
  for i in $(seq 0 $((sidecars - 1))); do
    local port; port=$(free_port)
    java $SIDECAR_JAVA_OPTS -jar "$SIDECAR_JAR" --server.port="$port" --server.address=127.0.0.1 \
      --logging.level.root=WARN --sidecar.step=300s --sidecar.time-scale="$TIME_SCALE" --sidecar.time-origin="$origin" \
      --sidecar.data-dir="$dir/sidecar-$i" --sidecar.model-dir="$dir/models" \
      --sidecar.usage.source=redis --sidecar.usage.stream="${prefix}{usage}:stream" --sidecar.usage.poll-interval=100ms \
      --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
      --sidecar.shard.index="$i" --sidecar.shard.count="$sidecars" --sidecar.loader-poll-interval=500ms \
      --sidecar.retrain-initial-delay=1h --sidecar.retrain-interval=30d >"$dir/sidecar-$i.log" 2>&1 &
    PIDS+=($!); started+=($!); sidecar_ports+=("$port")
  done
  # the gateways pull forecasts through driver.py proxy: no forecast for a step before the forecast step
  local proxy_ports=()
  for _ in "${sidecar_ports[@]}"; do proxy_ports+=("$(free_port)"); done
  python3 -u bench/cluster/driver.py proxy "$dir" --ports "$(IFS=,; echo "${proxy_ports[*]}")" --sidecars "$(IFS=,; echo "${sidecar_ports[*]}")" \
    >"$dir/proxy.log" 2>&1 &
  PIDS+=($!); started+=($!)
  for i in $(seq 0 $((gateways - 1))); do
    local port mport; port=$(free_port); mport=$(free_port)
    CLUSTER_REDIS_HOST=$REDIS_HOST CLUSTER_REDIS_PORT=$REDIS_PORT CLUSTER_KEY_PREFIX=$prefix \
      java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --spring.profiles.active=demo \
      --spring.config.additional-location="bench/cluster/gateway.yml,$dir/plans.yml" \
      --server.port="$port" --server.address=127.0.0.1 --management.server.port="$mport" \
      --predictive.time-scale="$TIME_SCALE" --predictive.time-origin="$origin" \
      --predictive.redis.expected-instances="$gateways" --predictive.usage.instance-id="gw-$i" \
      --predictive.forecast.sidecar-url="http://127.0.0.1:${proxy_ports[$((i % sidecars))]}" \
      --predictive.embedded.data-dir="$dir/embedded-$i" >"$dir/gateway-$i.log" 2>&1 &
    PIDS+=($!); started+=($!); gateway_ports+=("$port"); management_ports+=("$mport")
  done
  for port in "${sidecar_ports[@]}"; do wait_for "http://127.0.0.1:$port/actuator/health" || { echo "see $dir" >&2; exit 1; }; done
  for port in "${management_ports[@]}"; do wait_for "http://127.0.0.1:$port/actuator/health" || { echo "see $dir" >&2; exit 1; }; done
  echo "$config) $gateways gateway(s) on ${gateway_ports[*]}, $sidecars sidecar(s) on ${sidecar_ports[*]}, time x$TIME_SCALE" \
    "from $origin, replay at $(date -u -d "@$real_start" +%H:%M:%S); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 bench/cluster/driver.py run "$dir" --label "$config" --out "$WORK/$config.json" --workers "$WORKERS" \
    --gateways "$(IFS=,; echo "${gateway_ports[*]}")" --managements "$(IFS=,; echo "${management_ports[*]}")" \
    --sidecars "$(IFS=,; echo "${sidecar_ports[*]}")"
  sed 's/^/  /' "$dir/proxy.log"
  stop_started "${started[@]}"
  echo "   done; load average $(cut -d' ' -f1-3 /proc/loadavg); logs: $(grep -c -E 'ERROR|Exception' "$dir"/*.log | tr '\n' ' ')"
}

echo "Redis $REDIS_HOST:$REDIS_PORT, key prefix $PREFIX, work directory $WORK"
for config in $CONFIGS; do run_config "$config"; done
set -- $CONFIGS
if [ -n "${BASELINE:-}" ]; then base=$BASELINE; else base="$WORK/$1.json"; shift; fi
others=()
for config in "$@"; do others+=("$WORK/$config.json"); done
if [ ${#others[@]} -gt 0 ]; then
  python3 bench/cluster/driver.py compare "$base" "${others[@]}" --tolerance "$TOLERANCE" | tee "$WORK/table.txt"
fi
