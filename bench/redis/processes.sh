# Sourced by the bench/redis scripts that start real processes: free loopback ports, waiting for a URL, a Redis
# to run against (the one at REDIS_HOST:REDIS_PORT, or a redis-server of our own when none answers), and a cleanup
# on exit that stops every PID added to PIDS and removes the keys under PREFIX (or the Redis we started).
# Expects REDIS_HOST, REDIS_PORT and PREFIX to be set.

PIDS=()
REDIS_PID=

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() {
  for _ in $(seq 1 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "no answer from $1" >&2
  return 1
}

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true
  elif command -v redis-cli >/dev/null; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" \
      | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || true
  fi
}
trap cleanup EXIT

if ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; then
  asked="$REDIS_HOST:$REDIS_PORT"
  REDIS_PORT=$(free_port)
  echo "no Redis at $asked: starting redis-server on $REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  REDIS_PID=$!
  sleep 0.5
fi
