#!/usr/bin/env bash
# Docker Compose v2, built once from the Go module proxy into <repo>/.tools/bin/docker-compose (the version and
# Compose's own module excludes are pinned in tools/docker/compose/go.mod; no GitHub release download, no plugin
# directory). Then runs it with the arguments given:
#   bash tools/docker/compose.sh -f docker/compose.yaml -f docker/compose.host.yaml up -d --no-build
#   bash tools/docker/compose.sh --path        prints the binary's path only
# A normal machine's `docker compose` (v2) reads the same files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
bin_dir="${ROSTER_TOOLS_BIN:-$repo_root/.tools/bin}"
bin="$bin_dir/docker-compose"
version="$(sed -nE 's#^.*github.com/docker/compose/v2 (v[0-9.]+).*$#\1#p' "$here/compose/go.mod" | head -1)"
[ -n "$version" ] || { echo "compose.sh: no github.com/docker/compose/v2 version in tools/docker/compose/go.mod" >&2; exit 1; }
stamp="$bin_dir/.docker-compose.version"

mkdir -p "$bin_dir"
exec 5>"$bin_dir/.docker-compose.lock"
flock 5
if [ ! -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$version" ]; then
  command -v go >/dev/null 2>&1 || { echo "compose.sh: Go is required to build Docker Compose $version (apt-get install golang-go)" >&2; exit 1; }
  echo "compose.sh: building Docker Compose $version into $bin (once; a few minutes on 2 cores)" >&2
  (
    cd "$here/compose"
    export CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
    [ "${GOPROXY:-}" = "https://proxy.golang.org,direct" ] || [ -z "${GOPROXY:-}" ] && export GOPROXY=https://proxy.golang.org
    go build -trimpath -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$version" -o "$bin.tmp" github.com/docker/compose/v2/cmd
  )
  mv "$bin.tmp" "$bin"
  echo "$version" >"$stamp"
fi
exec 5>&-
if [ "${1:-}" = "--path" ]; then echo "$bin"; exit 0; fi
exec "$bin" "$@"
