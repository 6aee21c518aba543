#!/usr/bin/env bash
# Soak: drives the gateway-app jar for DURATION seconds (default 600) on loopback with mixed tenants on three plans,
# bursts, and the forecast sidecar killed (kill -9) and restarted SIDECAR_RESTARTS times, in compressed time (60 s
# steps TIME_SCALE times faster); samples the gateway's heap after a full GC and its live threads every SAMPLE_EVERY
# seconds, then checks:
#   1. every answer was 200, 429 or 503, and no request failed in transport;
#   2. heap and threads stable: mean heap after GC of the last third of samples within HEAP_TOLERANCE of the first
#      third's; most live threads of the last third within THREAD_TOLERANCE of the first third's;
#   3. counters consistent: the client's sent = 200 + 429 + 503; the sidecar's usage history (GET /v1/history, every
#      step) sums to what the client saw: attempted = sent = admitted + throttled + timed out, where the usage records'
#      "throttled" is every refusal (429 throttled + 503 timed out or queue full) and admitted = attempted - throttled
#      = 200s; the upstream answered exactly the 200s; the same split on the gateway's meters:
#      predictive.gate.admitted = 200s, predictive.queue.timeouts + predictive.queue.rejections = 503s; no usage
#      record dropped;
#   4. recovery: the gateway's forecasts are fresh again after the last restart (predictive.forecast.stale 0);
#   5. the hostile mix: tenants with ids beyond ASCII (café, 日本, 🚀, sent as UTF-8) and of 128 characters go
#      through checks 1-3 like the others (their usage found in the sidecar under the same ids); uploads on a
#      'cost: content-length' route (resource 'bytes', burst 2,000): a body declared at 5,000 bytes is answered 413
#      and never forwarded, chunked bodies of 10,000 bytes are charged as they pass, so the upstream receives no
#      more than the uploaders' bytes allowance; no upload fails in transport.
# Prints a summary and exits non-zero when a check fails.
#
#   mvn -B -q -DskipTests package && bench/soak/run.sh          # DURATION=120 for a short run
#
# Builds nothing; needs Java 17 (java, jcmd), python3, curl, jq. Every process it starts is stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-600}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
SIDECAR_RESTARTS=${SIDECAR_RESTARTS:-3}
TIME_SCALE=${TIME_SCALE:-30}
HEAP_TOLERANCE=${HEAP_TOLERANCE:-0.25}
THREAD_TOLERANCE=${THREAD_TOLERANCE:-5}
SEED=${SEED:-42}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms256m -Xmx256m}
SIDECAR_JAVA_OPTS=${SIDECAR_JAVA_OPTS:--Xmx256m}
GATEWAY_JAR=gateway-app/target/gateway-app.jar
SIDECAR_JAR=forecast-sidecar/target/forecast-sidecar.jar

for jar in "$GATEWAY_JAR" "$SIDECAR_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: build first with 'mvn -B -q -DskipTests package'" >&2; exit 2; }
done
for tool in java jcmd python3 curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done
(( DURATION >= 30 )) || { echo "DURATION must be at least 30 seconds" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/soak-XXXXXX")
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
UPSTREAM_PORT=$(free_port)
SIDECAR_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
ORIGIN=$(date -u +%Y-%m-%dT%H:%M:%SZ)

UPSTREAM_PID= SIDECAR_PID= GATEWAY_PID= DRIVER_PID=
stop_pid() { # pid [signal]
  [ -n "$1" ] || return 0
  kill "-${2:-TERM}" "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}
cleanup() {
  stop_pid "$DRIVER_PID"; stop_pid "$GATEWAY_PID"; stop_pid "$SIDECAR_PID"; stop_pid "$UPSTREAM_PID"
  echo "logs and samples in $WORK"
}
trap cleanup EXIT

wait_for() { # url seconds
  for _ in $(seq 1 $(( $2 * 2 ))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "no answer from $1 within $2 s (logs in $WORK)" >&2; return 1
}

python3 - "$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 <<'PY' &
import http.server, socketserver, sys, threading
served, received, lock = [0], [0], threading.Lock()
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):  # the hostile uploads: counts the body bytes that reached the upstream
        n = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                n += len(self.rfile.read(size))
                self.rfile.readline()
        else:
            n = len(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        with lock:
            received[0] += n
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def do_GET(self):
        if self.path == "/received":  # asked by the script directly: upload bytes that reached the upstream
            body = str(received[0]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/served":  # asked by the script directly, not through the gateway
            body = str(served[0]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with lock:
            served[0] += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default backlog of 5 drops connections in bursts: a SYN retried 1 s, 3 s later
Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
UPSTREAM_PID=$!

start_sidecar() {
  java $SIDECAR_JAVA_OPTS -jar "$SIDECAR_JAR" --server.port="$SIDECAR_PORT" --logging.level.root=WARN \
    --sidecar.data-dir="$WORK/sidecar" --sidecar.model-dir="$WORK/sidecar/models" --sidecar.step=60s \
    --sidecar.time-scale="$TIME_SCALE" --sidecar.time-origin="$ORIGIN" >>"$WORK/sidecar.log" 2>&1 &
  SIDECAR_PID=$!
}
start_sidecar
SOAK_GATEWAY_PORT=$GATEWAY_PORT SOAK_MANAGEMENT_PORT=$MANAGEMENT_PORT SOAK_UPSTREAM_PORT=$UPSTREAM_PORT \
SOAK_SIDECAR_PORT=$SIDECAR_PORT SOAK_TIME_SCALE=$TIME_SCALE SOAK_TIME_ORIGIN=$ORIGIN \
  java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --spring.config.additional-location=bench/soak/gateway-soak.yml \
  --predictive.embedded.data-dir="$WORK/embedded" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
wait_for "http://127.0.0.1:$UPSTREAM_PORT/served" 30  # /served is not counted
wait_for "http://127.0.0.1:$SIDECAR_PORT/actuator/health" 180
wait_for "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" 180
echo "upstream :$UPSTREAM_PORT, sidecar :$SIDECAR_PORT (pid $SIDECAR_PID), gateway :$GATEWAY_PORT" \
  "(pid $GATEWAY_PID, management :$MANAGEMENT_PORT), time x$TIME_SCALE from $ORIGIN, work dir $WORK"
echo "soak: ${DURATION}s, $SIDECAR_RESTARTS sidecar restarts, a sample every ${SAMPLE_EVERY}s;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"

metric() { # name [tag] -> value of its first measurement, 0 when the meter does not exist
  local url="http://127.0.0.1:$MANAGEMENT_PORT/actuator/metrics/$1"
  [ -n "${2:-}" ] && url="$url?tag=$2"
  curl -sf "$url" | jq -r '.measurements[0].value' 2>/dev/null || echo 0
}
sample() {
  jcmd "$GATEWAY_PID" GC.run >/dev/null 2>&1 || true
  printf "%s\t%s\t%s\n" "$1" "$(metric jvm.memory.used area:heap)" "$(metric jvm.threads.live)" >>"$WORK/samples.tsv"
}

printf "second\theap_bytes\tthreads\n" >"$WORK/samples.tsv"
python3 bench/soak/driver.py "$GATEWAY_PORT" "$DURATION" "$WORK/client.json" --seed "$SEED" &
DRIVER_PID=$!

START=$SECONDS
NEXT_SAMPLE=0
RESTARTS_DONE=0
RETRAINED=0
while kill -0 "$DRIVER_PID" 2>/dev/null && (( SECONDS - START < DURATION + 60 )); do
  ELAPSED=$(( SECONDS - START ))
  if (( ELAPSED >= NEXT_SAMPLE && ELAPSED <= DURATION )); then
    sample "$ELAPSED"
    NEXT_SAMPLE=$(( NEXT_SAMPLE + SAMPLE_EVERY ))
  fi
  # models from the history gathered so far: forecasts, so pre-allocations, for the rest of the run
  if (( RETRAINED == 0 && ELAPSED >= DURATION / 8 )); then
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$SIDECAR_PORT/v1/retrain" && echo "  ${ELAPSED}s: models retrained" || true
    RETRAINED=1
  fi
  if (( RESTARTS_DONE < SIDECAR_RESTARTS && ELAPSED >= DURATION * (RESTARTS_DONE + 1) / (SIDECAR_RESTARTS + 1) )); then
    kill -KILL "$SIDECAR_PID" 2>/dev/null || true
    wait "$SIDECAR_PID" 2>/dev/null || true
    RESTARTS_DONE=$(( RESTARTS_DONE + 1 ))
    echo "  ${ELAPSED}s: sidecar killed (kill -9), restart $RESTARTS_DONE of $SIDECAR_RESTARTS"
    sleep 2
    start_sidecar
  fi
  sleep 1
done
wait "$DRIVER_PID" || { echo "the traffic driver failed" >&2; exit 1; }
DRIVER_PID=
wait_for "http://127.0.0.1:$SIDECAR_PORT/actuator/health" 180

# the last steps' usage: closed close-delay after their end, then published (retried while the sidecar was away)
TENANTS=$(jq -r '.tenants | keys[]' "$WORK/client.json")
history_sums() {
  for tenant in $TENANTS; do
    curl -sf "http://127.0.0.1:$SIDECAR_PORT/v1/history?tenant=$(jq -rn --arg t "$tenant" '$t|@uri')&resource=requests&steps=100000" \
      | jq -r --arg t "$tenant" '"\($t)\t\([.steps[].attempted] | add)\t\([.steps[].throttled] | add)"' \
      || printf "%s\t0\t0\n" "$tenant"
  done
}
EXPECTED=$(jq -r '.sent' "$WORK/client.json")  # requests that timed out at the client were decided too
for _ in $(seq 1 60); do
  history_sums >"$WORK/history.tsv"
  [ "$(awk '{s += $2} END {print s + 0}' "$WORK/history.tsv")" = "$EXPECTED" ] && break
  sleep 1
done
# forecasts fresh again after the last restart (the pull's circuit breaker waits 30 s before it tries again)
for _ in $(seq 1 90); do [ "$(metric predictive.forecast.stale)" = "0.0" ] && break; sleep 1; done
curl -sf "http://127.0.0.1:$UPSTREAM_PORT/served" >"$WORK/upstream-served.txt" || echo 0 >"$WORK/upstream-served.txt"
curl -sf "http://127.0.0.1:$UPSTREAM_PORT/received" >"$WORK/upstream-received.txt" || echo 0 >"$WORK/upstream-received.txt"
CANCELLED=$(curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/metrics/predictive.queue.wait?tag=outcome:cancelled" \
  | jq -c '[.measurements[] | {(.statistic): .value}] | add' 2>/dev/null || echo '{}')
jq -n --argjson cancelled "${CANCELLED:-{\}}" --arg served "$(cat "$WORK/upstream-served.txt")" --arg admitted "$(metric predictive.gate.admitted resource:requests)" --arg timeouts "$(metric predictive.queue.timeouts resource:requests)" \
  --arg rejections "$(metric predictive.queue.rejections resource:requests)" --arg dropped "$(metric predictive.usage.dropped)" \
  --arg failures "$(metric predictive.forecast.pull.failures)" --arg stale "$(metric predictive.forecast.stale)" \
  '{queue_cancelled: $cancelled, upstream_served: ($served|tonumber), gate_admitted: ($admitted|tonumber), queue_timeouts: ($timeouts|tonumber),
    queue_rejections: ($rejections|tonumber), usage_dropped: ($dropped|tonumber),
    pull_failures: ($failures|tonumber), stale: ($stale|tonumber)}' >"$WORK/gateway-meters.json"

python3 - "$WORK" "$HEAP_TOLERANCE" "$THREAD_TOLERANCE" "$SIDECAR_RESTARTS" "$TIME_SCALE" <<'PY'
import csv, json, statistics, sys
work, heap_tol, thread_tol, restarts = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
time_scale = float(sys.argv[5])
client = json.load(open(f"{work}/client.json"))
meters = json.load(open(f"{work}/gateway-meters.json"))
samples = list(csv.DictReader(open(f"{work}/samples.tsv"), delimiter="\t"))
history = {row[0]: (int(float(row[1])), int(float(row[2])))
           for row in csv.reader(open(f"{work}/history.tsv"), delimiter="\t")}
failed = []

def check(ok, what):
    print(f"  [{'ok' if ok else 'FAILED'}] {what}")
    if not ok:
        failed.append(what)

totals = {}
print(f"client: {client['sent']} requests in {client['seconds']} s, {restarts} sidecar restarts, "
      f"latency ms {client['latency_ms']}, decisions {client['decisions']}")
print(f"  {'tenant':10} {'200':>7} {'429':>7} {'503':>7} {'other':>6}   history: attempted refused")
for tenant, statuses in sorted(client["tenants"].items()):
    for status, n in statuses.items():
        totals[status] = totals.get(status, 0) + n
    other = sum(n for s, n in statuses.items() if s not in ("200", "429", "503"))
    h = history.get(tenant, (0, 0))
    print(f"  {tenant:10} {statuses.get('200', 0):7} {statuses.get('429', 0):7} {statuses.get('503', 0):7} "
          f"{other:6}   {h[0]:17} {h[1]:9}")
n200, n429, n503 = (totals.get(s, 0) for s in ("200", "429", "503"))
errors = sum(client["errors"].values())
print(f"gateway meters: {meters}")
heap = [float(s["heap_bytes"]) / 2**20 for s in samples]
threads = [int(float(s["threads"])) for s in samples]
print(f"heap after GC, MiB, every sample: {', '.join(f'{h:.1f}' for h in heap)}")
print(f"live threads, every sample: {', '.join(map(str, threads))}")
print("checks:")
check(set(totals) <= {"200", "429", "503"} and errors == 0,
      f"only 200/429/503 and no transport error: statuses {totals}, transport errors {errors} "
      f"{client['error_samples'][:3]}")
check(client["sent"] == n200 + n429 + n503, f"sent {client['sent']} = 200 + 429 + 503 = {n200 + n429 + n503}")
third = max(1, len(samples) // 3)
if len(samples) >= 3:
    first_heap, last_heap = statistics.mean(heap[:third]), statistics.mean(heap[-third:])
    check(last_heap <= first_heap * (1 + heap_tol),
          f"heap stable: last third's mean {last_heap:.1f} MiB <= first third's {first_heap:.1f} MiB x {1 + heap_tol}")
    first_threads, last_threads = max(threads[:third]), max(threads[-third:])
    check(last_threads <= first_threads + thread_tol,
          f"threads stable: last third's most {last_threads} <= first third's {first_threads} + {thread_tol}")
else:
    check(False, f"at least 3 samples of heap and threads (got {len(samples)})")
attempted = sum(h[0] for h in history.values())
throttled = sum(h[1] for h in history.values())
check(attempted == client["sent"], f"sidecar history: attempted {attempted} = sent {client['sent']}")
check(throttled == n429 + n503,
      f"sidecar history: throttled + timed out {throttled} = 429s + 503s {n429 + n503}")
check(attempted - throttled == n200, f"sidecar history: admitted (attempted - refused) {attempted - throttled} = 200s {n200}")
check(meters["gate_admitted"] == n200, f"gateway: predictive.gate.admitted {meters['gate_admitted']:.0f} = 200s {n200}")
check(meters["upstream_served"] == n200, f"upstream: requests it answered {meters['upstream_served']:.0f} = 200s {n200}")
check(meters["queue_timeouts"] + meters["queue_rejections"] == n503,
      f"gateway: predictive.queue.timeouts + rejections {meters['queue_timeouts'] + meters['queue_rejections']:.0f}"
      f" = 503s {n503}")
check(meters["stale"] == 0, "forecasts fresh again after the last sidecar restart (predictive.forecast.stale 0)")
check(meters["usage_dropped"] == 0, f"gateway: no usage record dropped ({meters['usage_dropped']:.0f})")
uploads = client.get("uploads", {})
received = int(open(f"{work}/upstream-received.txt").read().strip() or 0)
chunked = uploads.get("chunked", {})
oversized = uploads.get("oversized", {})
print(f"hostile uploads: {uploads}, transport errors {client.get('upload_errors')}, upload bytes upstream {received}")
check(set(oversized) == {"413"} and sum(oversized.values()) > 0,
      f"a body declared larger than any burst or grant is answered 413, never forwarded: {oversized}")
check(set(chunked) <= {"200", "413", "429", "503"} and sum(chunked.values()) > 0,
      f"chunked uploads answered 200, 413, 429 or 503: {chunked}")
check(client.get("upload_errors", 0) == 0, f"no upload failed in transport ({client.get('upload_errors')})")
# two uploaders, each at most its burst (2,000 bytes), its refill (10 bytes per engine second) and its plan's
# max-preallocation (2,000 bytes) in every 60 s step of the run, once forecasts reserve for it
engine_seconds = time_scale * client["seconds"]
allowance = 2 * (2000 + 10 * engine_seconds + 2000 * (engine_seconds // 60 + 2))
sent_bytes = 10000 * sum(chunked.values())
check(received <= allowance, f"chunked bytes upstream {received} <= the uploaders' allowance {allowance:.0f}"
      f" (of {sent_bytes} sent chunked)")
print("soak " + ("FAILED: " + "; ".join(failed) if failed else "passed"))
sys.exit(1 if failed else 0)
PY
