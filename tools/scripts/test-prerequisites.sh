#!/usr/bin/env bash
# `npm test`'s pretest step (and .ci/run's): makes sure the tools the tests need are here, so a fresh clone runs
# `npm ci && npm test` without a wall of failing tests.
#   Java 17+ and Maven  the local Kafka broker (tools/kafka)        Go        helm, kubeconform (tools/helm)
#   Chromium            the browser test (playwright-core)          Python 3  the chart and image validators
# As root with apt-get, missing Debian packages are installed; otherwise this stops with one message listing the
# exact commands. Then the chart tools are built once (fast when warm). Set ROSTER_SKIP_PREREQUISITES=1 to skip.
set -euo pipefail
[ "${ROSTER_SKIP_PREREQUISITES:-}" = "1" ] && exit 0
cd "$(dirname "$0")/../.."

have() { command -v "$1" >/dev/null 2>&1; }
java_ok() { have java && [ "$(java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)" -ge 17 ] 2>/dev/null; }
chromium_ok() { [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] || have chromium; }

missing=()
java_ok || missing+=(openjdk-17-jre-headless)
have mvn || missing+=(maven)
have go || missing+=(golang-go)
chromium_ok || missing+=(chromium)
have python3 && python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3 python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && have apt-get; then
    echo "test prerequisites: installing ${missing[*]} (Debian packages, once)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    {
      echo "npm test needs tools this machine lacks: ${missing[*]}."
      echo "Install them, then run npm test again:"
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
      echo "(or point the tests at your own servers: DATABASE_URL and KAFKA_BROKERS skip the local PostgreSQL and Kafka;"
      echo " CHROMIUM_PATH names another Chromium binary)"
    } >&2
    exit 1
  fi
fi

bash tools/helm/install.sh >/dev/null
