#!/usr/bin/env bash
# Starts a Docker engine of the project's own, for the image tests, the compose e2e test and the testcontainers pass:
#   bash tools/docker/engine-up.sh        prints DOCKER_HOST=unix://… on its last line (export it)
#   bash tools/docker/engine-down.sh      stops it (by the PID it recorded)
#
# - Uses an engine that already answers at $DOCKER_HOST when that is set (a normal machine with Docker): nothing
#   is installed or started then, and engine-down.sh leaves it alone.
# - Otherwise, as root with apt-get, installs Debian's docker.io (and debootstrap, for tools/docker/base-images.sh)
#   when missing, then starts dockerd with its own data root, exec root, socket and PID file under
#   $ROSTER_DOCKER_STATE (default <repo>/.data/docker, gitignored).
# - Never touches the machine's network: no bridge (--bridge=none), no iptables/ip6tables rules, no IP forwarding
#   or masquerading. Containers run with --network host; builds with --network host.
# - Idempotent and safe from parallel callers (flock): a second call finds the engine running and reuses it.
# Exits non-zero with one message saying how to provide an engine when none can be started.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${ROSTER_DOCKER_STATE:-$repo_root/.data/docker}"
sock="$state/docker.sock"
pidfile="$state/dockerd.pid"
log="$state/dockerd.log"

how_to() {
  {
    echo "No Docker engine for the image tests: $1"
    echo "Provide one of: run as root on Debian/Ubuntu (tools/docker/engine-up.sh installs docker.io and starts its own"
    echo "dockerd without touching the network), or start Docker yourself and set DOCKER_HOST (e.g."
    echo "DOCKER_HOST=unix:///var/run/docker.sock) to an engine that can run --network host containers."
  } >&2
  exit 1
}

answers() { # docker-host
  timeout 10 "$docker_cli" -H "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# The CLI that ships with the engine (docker.io's /usr/bin/docker) has BuildKit built in; a newer standalone CLI
# elsewhere on PATH may need a buildx plugin this machine does not have.
pick_cli() {
  if [ -x /usr/bin/docker ]; then docker_cli=/usr/bin/docker; else docker_cli="$(command -v docker || true)"; fi
}
pick_cli

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix://$sock" ]; then
  [ -n "$docker_cli" ] || how_to "DOCKER_HOST is set ($DOCKER_HOST) but there is no docker CLI."
  answers "$DOCKER_HOST" || how_to "DOCKER_HOST=$DOCKER_HOST does not answer."
  echo "DOCKER_CLI=$docker_cli"
  echo "DOCKER_HOST=$DOCKER_HOST"
  exit 0
fi

mkdir -p "$state"
exec 8>"$state/.engine.lock"
flock 8

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && answers "unix://$sock"; then
  echo "DOCKER_CLI=$docker_cli"
  echo "DOCKER_HOST=unix://$sock"
  exit 0
fi

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    how_to "dockerd is missing and this is not root with apt-get (sudo apt-get install -y ${need[*]})."
  fi
  # Debian's package would start its service (and with it a docker0 bridge and iptables rules) through
  # invoke-rc.d unless a policy-rc.d forbids it: put one in place for the install when there is none.
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
  fi
  echo "engine-up: installing ${need[*]} (Debian packages, once)" >&2
  install_ok=1
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } ||
    install_ok=
  [ -n "$own_policy" ] && rm -f "$policy"
  [ -n "$install_ok" ] || how_to "apt-get install ${need[*]} failed."
  pick_cli
fi
[ -n "$docker_cli" ] || how_to "docker.io installed no docker CLI."
[ "$(id -u)" = 0 ] || how_to "dockerd needs root."

# A stale PID file or socket from a killed run.
if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
rm -f "$sock"

mkdir -p "$state/root" "$state/exec"
# setsid: the engine outlives this script (the caller stops it with engine-down.sh), in its own session so a
# Ctrl-C in the caller's terminal does not reach it half-way through a build. `8>&-`: the daemon must not inherit
# the lock's descriptor, or it would hold the lock for as long as it runs and every later caller would wait forever.
setsid dockerd \
  --host "unix://$sock" \
  --data-root "$state/root" \
  --exec-root "$state/exec" \
  --pidfile "$pidfile" \
  --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
  --bridge=none --userland-proxy=false \
  --storage-driver overlay2 \
  --log-level warn \
  </dev/null >"$log" 2>&1 8>&- &
started=$!

for _ in $(seq 1 120); do
  if answers "unix://$sock"; then
    # dockerd writes its PID file itself; keep ours in step in case it has not yet.
    [ -f "$pidfile" ] || echo "$started" >"$pidfile"
    # Who started it (a test run's token, empty by hand): a test run's teardown stops only the engine it started.
    printf '%s' "${ROSTER_ENGINE_OWNER:-}" >"$state/owner"
    echo "engine-up: dockerd $("$docker_cli" -H "unix://$sock" version --format '{{.Server.Version}}') (pid $(cat "$pidfile")), data root $state/root" >&2
    echo "DOCKER_CLI=$docker_cli"
    echo "DOCKER_HOST=unix://$sock"
    exit 0
  fi
  kill -0 "$started" 2>/dev/null || { tail -20 "$log" >&2; how_to "dockerd exited at start (log: $log)."; }
  sleep 0.5
done
kill "$started" 2>/dev/null || true
tail -20 "$log" >&2
how_to "dockerd did not answer within 60 s (log: $log)."
