#!/usr/bin/env bash
# A/B of two builds of the gateway: CPU per request of each gateway-app jar (each started with its own tree's
# bench/load/gateway-local.yml), side by side in one run, on the bare and the pre-allocated local route, nginx
# (Debian's nginx-light) as the upstream, wrk 1 thread / 32 connections on loopback, rounds alternating A and B.
# Used to check that a refactoring costs no CPU per request (issue 17, BENCHMARKS.md "Layout: before and after").
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -B -q -DskipTests package -pl gateway-app -am)
#   mvn -B -q -DskipTests package -pl gateway-app -am
#   ROUNDS=6 DUR=10s bench/load/ab.sh /tmp/before .
#
# Prints one row per round, side and route: requests/s, gateway CPU (user + system, /proc) per request in µs, p99,
# non-2xx answers. Every process listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10s}; WARM=${WARM:-15s}
A=$1; B=$2
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
UP=$(free_port); PA=$(free_port); PB=$(free_port)
D=$(mktemp -d); mkdir -p $D/nginx/logs
cat > $D/nginx/nginx.conf <<NG
worker_processes 1; daemon off; pid $D/nginx/nginx.pid; error_log $D/nginx/logs/error.log;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$UP; location / { return 200 "hello\n"; } } }
NG
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
nginx -p $D/nginx -c $D/nginx/nginx.conf & PIDS+=($!)
start() { BENCH_GATEWAY_PORT=$2 BENCH_UPSTREAM_PORT=$UP java -Xms256m -Xmx512m -jar $1/gateway-app/target/gateway-app.jar \
  --spring.config.additional-location=file:$1/bench/load/gateway-local.yml > $D/gw-$2.log 2>&1 & PIDS+=($!); echo $!; }
GA=$(start $A $PA); GB=$(start $B $PB); PIDS+=($GA $GB)
for p in $PA $PB; do for i in $(seq 120); do curl -sf -o /dev/null -H 'X-Tenant-Id: bench' http://127.0.0.1:$p/bare/x && break; sleep 1; done; done
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
run() { # pid port path -> rps cpu_us_per_req p99
  local c0 c1 out; c0=$(cpu $1)
  out=$(wrk -t1 -c32 -d$DUR --latency -H 'X-Tenant-Id: bench' http://127.0.0.1:$2$3/x)
  c1=$(cpu $1)
  local n; n=$(echo "$out" | awk '/requests in/{print $1}')
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  local p99; p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  local non2; non2=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  echo "$rps $(python3 -c "print(round(($c1-$c0)*10000/$n,1))") $p99 ${non2:-0}"
}
for p in "$GA $PA" "$GB $PB"; do set -- $p; for r in /bare /predictive; do run $1 $2 $r >/dev/null; done; done
echo "round side route rps cpu_us_per_req p99 non2xx"
for i in $(seq $ROUNDS); do
  if (( i % 2 )); then order="A B"; else order="B A"; fi
  for s in $order; do
    if [ $s = A ]; then g=$GA; p=$PA; else g=$GB; p=$PB; fi
    for r in /bare /predictive; do echo "$i $s $r $(run $g $p $r)"; done
  done
done
