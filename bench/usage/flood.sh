#!/usr/bin/env bash
# Usage reporting through a flood of made-up tenant ids, with real processes: the gateway-app jar and the forecast
# sidecar jar on loopback, compressed time (60 s steps, TIME_SCALE times faster). FLOOD distinct tenant ids of
# ID_LENGTH characters send one request each through the demo route while three legitimate tenants send requests
# one after the other (two connections each); checks that every legitimate tenant's usage of every step is in the
# sidecar's history (GET /v1/history) within two steps of that step's end (a request whose step cannot be told, as
# it crossed a step boundary, may count in either), that all of it is there, that the flood's tenants are there too,
# and that the gateway dropped and rejected no usage record.
#
#   mvn -B -q -DskipTests package -pl gateway-app,forecast-sidecar -am && bench/usage/flood.sh
#
# SIDECAR_LIMITS=tight (the default) starts the sidecar with Spring's default body limit (256KB) and at most 100
# records per batch, so that the gateway's batches of 1,000 records of 128-character ids (about 340 KB) are answered
# 413 and split; SIDECAR_LIMITS=shipped keeps the sidecar's shipped limits (20MB, 10,000 records), where none is.
# Needs Java 17, python3, curl. Every process it starts is stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

FLOOD=${FLOOD:-20000}
ID_LENGTH=${ID_LENGTH:-128}
TIME_SCALE=${TIME_SCALE:-6}
SIDECAR_LIMITS=${SIDECAR_LIMITS:-tight}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms256m -Xmx512m}
SIDECAR_JAVA_OPTS=${SIDECAR_JAVA_OPTS:--Xmx512m}
GATEWAY_JAR=gateway-app/target/gateway-app.jar
SIDECAR_JAR=forecast-sidecar/target/forecast-sidecar.jar

for jar in "$GATEWAY_JAR" "$SIDECAR_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: build first (see the header)" >&2; exit 2; }
done
case "$SIDECAR_LIMITS" in
  tight) LIMITS=(--sidecar.max-batch-records=100 --spring.http.codecs.max-in-memory-size=256KB) ;;
  shipped) LIMITS=() ;;
  *) echo "SIDECAR_LIMITS is tight or shipped" >&2; exit 2 ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/usage-flood-XXXXXX")
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SIDECAR_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
ORIGIN_EPOCH=$(date -u +%s)
ORIGIN=$(date -u -d "@$ORIGIN_EPOCH" +%Y-%m-%dT%H:%M:%SZ)

SIDECAR_PID= GATEWAY_PID=
stop_pid() {
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}
cleanup() { stop_pid "$GATEWAY_PID"; stop_pid "$SIDECAR_PID"; }
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$1 did not answer; logs in $WORK" >&2; exit 1
}

java $SIDECAR_JAVA_OPTS -jar "$SIDECAR_JAR" --server.port="$SIDECAR_PORT" --server.address=127.0.0.1 \
  --sidecar.step=60s --sidecar.time-scale="$TIME_SCALE" --sidecar.time-origin="$ORIGIN" \
  --sidecar.data-dir="$WORK/sidecar" --sidecar.model-dir="$WORK/sidecar/models" \
  --sidecar.retrain-initial-delay=1h "${LIMITS[@]}" >"$WORK/sidecar.log" 2>&1 &
SIDECAR_PID=$!
java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --server.port="$GATEWAY_PORT" \
  --management.server.port="$MANAGEMENT_PORT" --predictive.capacity.requests=1000000 \
  --predictive.forecast.sidecar-url="http://127.0.0.1:$SIDECAR_PORT" --predictive.step=60s \
  --predictive.time-scale="$TIME_SCALE" --predictive.time-origin="$ORIGIN" \
  --predictive.usage.instance-id=gw-flood >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
wait_for "http://127.0.0.1:$SIDECAR_PORT/actuator/health"
wait_for "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health"
echo "sidecar :$SIDECAR_PORT (limits: $SIDECAR_LIMITS), gateway :$GATEWAY_PORT, steps of $((60 / TIME_SCALE)) real s; logs in $WORK"

status=0
python3 bench/usage/flood.py --gateway "http://127.0.0.1:$GATEWAY_PORT" --sidecar "http://127.0.0.1:$SIDECAR_PORT" \
  --management "http://127.0.0.1:$MANAGEMENT_PORT" --origin "$ORIGIN_EPOCH" --scale "$TIME_SCALE" \
  --flood "$FLOOD" --id-length "$ID_LENGTH" || status=$?
echo "gateway log, usage publishing:"
grep -E 'usage (batch|record)|Publishing usage|records not published' "$WORK/gateway.log" | sed 's/^/  /' | head -20 || true
echo "sidecar log: $(grep -c -E '^\s+at |ERROR' "$WORK/sidecar.log" || true) stack-trace or ERROR lines"
exit "$status"
