#!/usr/bin/env bash
# Builds every app's image from docker/Dockerfile, tagged roster/<app>:local (what docker/compose.yaml runs):
#   bash tools/docker/build-images.sh [app ...]     (default: all five; needs DOCKER_HOST from engine-up.sh)
#
# The base comes from tools/docker/base-images.sh: the Dockerfile's default official image when it can be pulled,
# roster-local/node:24 (and that base's tini version) when not. BuildKit, --network host (the engine here has no
# bridge). The build stage and the production dependencies are the same for every app, so after the first app the
# others reuse them from BuildKit's cache; an unchanged tree rebuilds nothing. Prints one line per image:
#   IMAGE roster/<app>:local <seconds>s <bytes>
set -euo pipefail
shopt -s inherit_errexit
export DOCKER_BUILDKIT=1
trap 'echo "build-images: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
docker="${DOCKER_CLI:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker)}"
[ -n "${DOCKER_HOST:-}" ] || { echo "build-images: DOCKER_HOST is not set (run tools/docker/engine-up.sh first)" >&2; exit 1; }
state="${ROSTER_DOCKER_STATE:-$repo_root/.data/docker}"
mkdir -p "$state"
# One build at a time (the image and compose tests may ask from two Jest workers): the second waits, then finds
# everything in BuildKit's cache.
exec 6>"$state/.build-images.lock"
flock 6

base="$(bash "$here/base-images.sh" node)"
args=()
while IFS= read -r line; do
  case "$line" in
    NODE_IMAGE=* | TINI_VERSION=*) args+=(--build-arg "$line") ;;
  esac
done <<<"$base"

[ $# -gt 0 ] || set -- clever-ingestion identity classes gateway clever-sandbox
for app in "$@"; do
  started=$(date +%s)
  if ! "$docker" build --network host --progress plain -f "$repo_root/docker/Dockerfile" --build-arg "APP=$app" "${args[@]}" \
    -t "roster/$app:local" "$repo_root" >"$state/build-$app.log" 2>&1; then
    tail -40 "$state/build-$app.log" >&2
    echo "build-images: roster/$app:local failed (full log: $state/build-$app.log)" >&2
    exit 1
  fi
  echo "IMAGE roster/$app:local $(($(date +%s) - started))s $("$docker" image inspect --format '{{.Size}}' "roster/$app:local")"
done

# On the project's own engine only (never on an engine the user named): drop the images the new tags replaced and
# keep BuildKit's cache bounded, so that the data root under .data/docker does not grow with every run.
if [ "$DOCKER_HOST" = "unix://$state/docker.sock" ]; then
  "$docker" image prune -f >/dev/null
  "$docker" builder prune -f --keep-storage "${ROSTER_BUILD_CACHE_KEEP:-6GB}" >/dev/null
fi
