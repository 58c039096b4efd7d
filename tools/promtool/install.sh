#!/usr/bin/env bash
# Builds promtool (Prometheus' rule and exposition checker) into <repo>/.tools/bin from the Go module proxy,
# the same way tools/helm/install.sh builds helm: `go install <module>/cmd/promtool@<version>`, never a VCS
# checkout or a release download.
#
# Prometheus 3.x publishes its Go module as v0.<major*100+minor>.<patch> (v0.316.0 is Prometheus 3.16.0).
# The `remove_all_sd` tag leaves out the service-discovery plugins (cloud SDKs): promtool's `check rules`,
# `test rules` and `check metrics` do not use them, and the build is several times smaller without them.
# Idempotent: returns at once when the binary's stamp matches the pinned version.
set -euo pipefail

PROMTOOL_MODULE_VERSION="${PROMTOOL_MODULE_VERSION:-v0.316.0}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin_dir="${ROSTER_TOOLS_BIN:-$repo_root/.tools/bin}"
mkdir -p "$bin_dir"
# Parallel Jest workers may call this at once: the second waits for the first, then finds the binary.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$bin_dir/.promtool-install.lock"
  flock 9
fi

stamp="$bin_dir/.promtool.version"
if [ -x "$bin_dir/promtool" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$PROMTOOL_MODULE_VERSION" ]; then
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "tools/promtool/install.sh: Go is required (go install from the module proxy builds promtool)" >&2
  exit 1
}

export GOBIN="$bin_dir"
export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# A pinned version comes from the module proxy only: drop a `direct` fallback from whatever GOPROXY is configured.
proxy="$(go env GOPROXY)"
proxy="${proxy%,direct}"
proxy="${proxy%|direct}"
[ "$proxy" = "direct" ] && {
  echo "tools/promtool/install.sh: GOPROXY is 'direct'; set GOPROXY to a module proxy" >&2
  exit 1
}
export GOPROXY="$proxy"

echo "building promtool (prometheus module $PROMTOOL_MODULE_VERSION) into $bin_dir (first time takes a few minutes)"
go install -trimpath -tags remove_all_sd \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=$PROMTOOL_MODULE_VERSION" \
  "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_MODULE_VERSION"
echo "$PROMTOOL_MODULE_VERSION" >"$stamp"
"$bin_dir/promtool" --version | head -1
