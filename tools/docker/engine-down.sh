#!/usr/bin/env bash
# Stops the engine tools/docker/engine-up.sh started: SIGTERM to the PID it recorded (dockerd stops its containers
# and its containerd), then SIGKILL after 30 s. An engine the project did not start (DOCKER_HOST set by the user)
# is never touched. Leaves the data root (images, build cache) in place so the next run is warm; --purge removes it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${ROSTER_DOCKER_STATE:-$repo_root/.data/docker}"
pidfile="$state/dockerd.pid"

if [ -f "$pidfile" ]; then
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "engine-down: dockerd $pid did not stop in 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile" "$state/docker.sock" "$state/owner"
fi

if [ "${1:-}" = "--purge" ] && [ -d "$state" ]; then
  # overlay mounts of a killed engine would make rm fail half-way: unmount what is still mounted below the state dir
  { grep -o " $state/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" 2>/dev/null || true; done
  rm -rf "$state"
fi
