#!/usr/bin/env bash
# Stops the broker that kafka-up.sh started for KAFKA_PORT (by its PID only) and, with --purge, removes its data.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
home=${KAFKA_HOME_DIR:-$repo/.kafka}
state=${KAFKA_STATE_DIR:-$home/broker-$port}
if [ -f "$state/broker.pid" ]; then
  pid=$(cat "$state/broker.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$state/broker.pid"
fi
if [ "${1:-}" = "--purge" ]; then rm -rf "$state"; fi
