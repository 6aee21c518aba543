#!/usr/bin/env bash
# Several gateways on one Redis, on this host: N gateway-app processes (default 2) sharing their tenants' buckets,
# reservations and capacity gates through Redis (predictive.store=redis), with the routes of
# config/routes/orders-example.yml and its upstream (scripts/example-upstream.py on 127.0.0.1:9000).
#
#   scripts/gateways-on-redis.sh           # gateways on :8080 and :8082 (management on :8081, :8083), Redis 127.0.0.1:6379
#   GATEWAYS=3 REDIS_HOST=redis.internal REDIS_PORT=6379 scripts/gateways-on-redis.sh
#
# Then, e.g. ten requests of a tenant on plan free (rate 5, burst 5), alternating between the gateways: five pass
# (plus one for every 200 ms the loop takes), the rest are throttled whichever gateway they reach:
#   for i in $(seq 1 10); do curl -s -o /dev/null -w '%{http_code} ' -H 'X-Tenant-Id: shared' \
#     localhost:$(( 8080 + 2 * (i % 2) ))/orders/$i; done; echo
#
# Keys live under predictive-quickstart: (KEY_PREFIX). Each gateway's state directory is
# $PREDICTIVE_STATE_DIR/gateway-<port> (default ~/.local/state/predictive-gateway/gateway-<port>); logs in $LOGS.
# Stops every process it started on Ctrl-C. Starts redis-server on REDIS_PORT if nothing answers there.
set -euo pipefail
cd "$(dirname "$0")/.."

GATEWAYS=${GATEWAYS:-2}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
KEY_PREFIX=${KEY_PREFIX:-predictive-quickstart:}
FIRST_PORT=${FIRST_PORT:-8080}
JAR=gateway-app/target/gateway-app.jar
LOGS=${LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/gateways-on-redis.XXXXXX")}
mkdir -p "$LOGS"

[ -f "$JAR" ] || { echo "building $JAR"; mvn -B -q -DskipTests package -pl gateway-app -am; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; then
  [ "$REDIS_HOST" = 127.0.0.1 ] || { echo "no Redis at $REDIS_HOST:$REDIS_PORT" >&2; exit 1; }
  echo "no Redis at $REDIS_HOST:$REDIS_PORT: starting redis-server there"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$LOGS/redis.log" 2>&1 &
  PIDS+=($!)
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null; then
  python3 scripts/example-upstream.py 9000 >"$LOGS/upstream.log" 2>&1 &
  PIDS+=($!)
fi

for i in $(seq 0 $((GATEWAYS - 1))); do
  port=$((FIRST_PORT + 2 * i))
  java ${JAVA_OPTS:-} -jar "$JAR" --spring.config.additional-location=config/routes/orders-example.yml \
    --server.port="$port" --management.server.port=$((port + 1)) \
    --predictive.store=redis --predictive.redis.expected-instances="$GATEWAYS" \
    --predictive.redis.key-prefix="$KEY_PREFIX" \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" >"$LOGS/gateway-$port.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 0 $((GATEWAYS - 1))); do
  port=$((FIRST_PORT + 2 * i))
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$((port + 1))/actuator/health/readiness" && break
    sleep 0.5
  done
  curl -s -o /dev/null "http://127.0.0.1:$((port + 1))/actuator/health/readiness" \
    || { echo "gateway :$port did not become ready (log: $LOGS/gateway-$port.log)" >&2; tail -20 "$LOGS/gateway-$port.log" >&2; exit 1; }
  echo "gateway :$port ready (management :$((port + 1)))"
done
echo "$GATEWAYS gateways on Redis $REDIS_HOST:$REDIS_PORT (keys $KEY_PREFIX*), upstream :9000, logs in $LOGS; Ctrl-C stops them"
wait
