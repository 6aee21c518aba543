#!/usr/bin/env bash
# Start-up to the first 200, in one run: gateway-app (demo profile, GET /demo/hello with a tenant), the forecast
# sidecar (GET /actuator/health/readiness) and the plain Spring Cloud Gateway application of bench/load
# (bench/load/reference-gateway, one route to an nginx upstream, GET /bare/x), each started STARTS times, the
# three alternating, once from the jar (java -jar) and once with class data sharing (scripts/cds.sh, trained before
# the first measured start); prints the median per application and launch, and its ratio to the plain Gateway's
# with the same launch.
#
#   bench/startup/run.sh                   # 5 starts each (about 3 to 5 minutes on 2 cores)
#   STARTS=9 MVN_ARGS=-o bench/startup/run.sh
#
# Work files (extracted jars, CDS archives, logs) in a temporary directory, removed at the end unless KEEP_WORK=1.
# Time is wall-clock from the moment the java process is launched to the first 200 (curl every 25 ms). Every process
# listens on 127.0.0.1 on a free port and is stopped before the next start; the state directory of every start is
# a fresh temporary directory (PREDICTIVE_STATE_DIR), so no run reads another's journal.
set -euo pipefail
cd "$(dirname "$0")/../.."

STARTS=${STARTS:-5}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx512m}
MVN_ARGS=${MVN_ARGS:-}
NGINX=${NGINX:-/usr/sbin/nginx}
APP_JAR=gateway-app/target/gateway-app.jar
SIDECAR_JAR=forecast-sidecar/target/forecast-sidecar.jar
REF_DIR=bench/load/reference-gateway
PLAIN_JAR=$REF_DIR/target/reference-gateway-plain.jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-startup.XXXXXX")
OUT=${OUT:-bench/startup/results-$(date -u +%Y%m%dT%H%M%SZ).tsv}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for tool in java mvn curl python3; do command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }; done
[ -x "$NGINX" ] || { echo "nginx not found at $NGINX (Debian: apt-get install nginx-light)" >&2; exit 1; }
if [ ! -f "$APP_JAR" ] || [ ! -f "$SIDECAR_JAR" ] \
  || [ -n "$(find gateway-app/src/main predictive-filter/src/main forecast-engine/src/main forecast-core/src/main predictive-wire/src/main forecast-sidecar/src/main -newer "$APP_JAR" -type f | head -1)" ]; then
  echo "building $APP_JAR and $SIDECAR_JAR"
  mvn -B -q $MVN_ARGS -DskipTests package -pl gateway-app,forecast-sidecar -am
fi
if [ ! -f "$PLAIN_JAR" ] || [ -n "$(find "$REF_DIR/src" "$REF_DIR/pom.xml" -newer "$PLAIN_JAR" -type f | head -1)" ]; then
  echo "building $PLAIN_JAR"
  mvn -B -q $MVN_ARGS -f "$REF_DIR/pom.xml" -DskipTests package
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  # the extracted jars and archives take some 200 MB: kept only with KEEP_WORK=1
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

UPSTREAM_PORT=$(free_port)
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server { listen 127.0.0.1:$UPSTREAM_PORT; location / { default_type text/plain; return 200 "ok\n"; } }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
PIDS+=($!)

# arguments per application (the port is appended at each start); the URL path that must answer 200
APP_ARGS="--spring.profiles.active=demo --server.address=127.0.0.1 --management.server.port=-1 --spring.main.banner-mode=off"
SIDECAR_ARGS="--server.address=127.0.0.1 --spring.main.banner-mode=off"
PLAIN_ARGS="--spring.config.additional-location=bench/load/reference-plain.yml --spring.main.banner-mode=off"
export BENCH_UPSTREAM_PORT=$UPSTREAM_PORT

# launch launcher jar port args: LAUNCHED = its pid; launcher jar: java -jar; cds: scripts/cds.sh (its archive under
# $WORK/cds, trained once below)
launch() { # launcher jar port args...
  local launcher=$1 jar=$2 port=$3; shift 3
  local state="$WORK/state-$RANDOM$RANDOM"
  if [ "$launcher" = jar ]; then
    PREDICTIVE_STATE_DIR=$state BENCH_PORT=$port java $JAVA_OPTS -jar "$jar" --server.port="$port" "$@" >"$WORK/last.log" 2>&1 &
  else
    PREDICTIVE_STATE_DIR=$state BENCH_PORT=$port CDS_DIR="$WORK/cds/$(basename "$jar" .jar)" JAVA_OPTS="$JAVA_OPTS" \
      scripts/cds.sh "$jar" --server.port="$port" "$@" >"$WORK/last.log" 2>&1 &
  fi
  LAUNCHED=$!
}
# time_to_200 launcher jar path args: RESULT = milliseconds from launch to the first 200
time_to_200() {
  local launcher=$1 jar=$2 path=$3; shift 3
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  launch "$launcher" "$jar" "$port" "$@"
  local pid=$LAUNCHED
  PIDS+=($pid)
  local ms=""
  for _ in $(seq 1 4800); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant-Id: startup' "http://127.0.0.1:$port$path")" = 200 ]; then
      ms=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    kill -0 "$pid" 2>/dev/null || { echo "$jar exited before answering; its log:" >&2; tail -20 "$WORK/last.log" >&2; exit 1; }
    sleep 0.025
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -n "$ms" ] || { echo "$jar: no 200 on $path within 120 s" >&2; exit 1; }
  RESULT=$ms
}

echo "training the CDS archives (not measured)"
for spec in "$APP_JAR /demo/hello $APP_ARGS" "$SIDECAR_JAR /actuator/health/readiness $SIDECAR_ARGS" \
  "$PLAIN_JAR /bare/x $PLAIN_ARGS"; do
  set -- $spec; jar=$1 path=$2; shift 2
  time_to_200 cds "$jar" "$path" "$@"
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "start\tlauncher\tapplication\tms_to_first_200\tload1\n" > "$OUT"
for i in $(seq 1 "$STARTS"); do
  for launcher in jar cds; do
    for spec in "gateway-app $APP_JAR /demo/hello $APP_ARGS" "sidecar $SIDECAR_JAR /actuator/health/readiness $SIDECAR_ARGS" \
      "plain-gateway $PLAIN_JAR /bare/x $PLAIN_ARGS"; do
      set -- $spec; name=$1 jar=$2 path=$3; shift 3
      time_to_200 "$launcher" "$jar" "$path" "$@"; ms=$RESULT
      printf "%s\t%s\t%s\t%s\t%s\n" "$i" "$launcher" "$name" "$ms" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
med = {}
for r in rows:
    med.setdefault((r['launcher'], r['application']), []).append(int(r['ms_to_first_200']))
print(f"{'launcher':8} {'application':14} {'median ms':>9} {'x plain':>8}  starts (ms)")
for (launcher, app), values in med.items():
    plain = statistics.median(med[(launcher, 'plain-gateway')])
    m = statistics.median(values)
    print(f"{launcher:8} {app:14} {m:9.0f} {m / plain:8.2f}  " + ", ".join(map(str, values)))
print()
for launcher in ('jar', 'cds'):
    plain = statistics.median(med[(launcher, 'plain-gateway')])
    app = statistics.median(med[(launcher, 'gateway-app')])
    print(f"target ({launcher}): gateway-app median <= 1.5 x plain Gateway's: x{app / plain:.2f} -> "
          f"{'holds' if app <= 1.5 * plain else 'does not hold'} in this run")
jar_app = statistics.median(med[('jar', 'gateway-app')])
cds_app = statistics.median(med[('cds', 'gateway-app')])
print(f"gateway-app with CDS: x{cds_app / jar_app:.2f} of its java -jar start; gateway-app (CDS) vs plain Gateway"
      f" (java -jar): x{cds_app / statistics.median(med[('jar', 'plain-gateway')]):.2f}")
PY
