#!/usr/bin/env bash
# Installs the chart tools into <repo>/.tools/bin from the Go module proxy (no GitHub downloads):
#   helm          helm.sh/helm/v3/cmd/helm
#   kubeconform   github.com/yannh/kubeconform/cmd/kubeconform
#   kube-score    github.com/zegl/kube-score/cmd/kube-score (best-practice checks on the rendered chart)
#                 (BuildKit's parser and linter) without a Docker engine
#   promtool      github.com/prometheus/prometheus/cmd/promtool (tools/promtool/install.sh)
# then the Python validators (checkov, hadolint) into .tools/venv through tools/python/setup-venv.sh.
# Idempotent: a tool whose binary already reports the pinned version is skipped. The first build
# takes a few minutes on 2 cores; GOMODCACHE/GOCACHE keep later builds fast.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
# Helm's Makefile stamps the Kubernetes version of its client-go (v0.37 -> 1.37) as the default capabilities;
# a plain `go install` would leave 1.20. Tests pass --kube-version explicitly anyway.
HELM_K8S_MINOR="${HELM_K8S_MINOR:-37}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.7.0}"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin_dir="${ROSTER_TOOLS_BIN:-$repo_root/.tools/bin}"
mkdir -p "$bin_dir"
# One install at a time (the chart specs call this script from parallel Jest workers): a second caller waits,
# then finds everything in place.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$bin_dir/.install.lock"
  flock 9
fi

command -v go >/dev/null 2>&1 || {
  echo "tools/helm/install.sh: Go is required (go install from the module proxy builds helm and kubeconform)" >&2
  exit 1
}

export GOBIN="$bin_dir"
export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
# A pinned version is resolved from the module proxy only; never fall back to a VCS checkout.
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"
[ "$GOPROXY" = "https://proxy.golang.org,direct" ] && export GOPROXY=https://proxy.golang.org
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

stamp() { echo "$bin_dir/.$1.version"; }

installed() { # name version
  [ -x "$bin_dir/$1" ] && [ -f "$(stamp "$1")" ] && [ "$(cat "$(stamp "$1")")" = "$2" ]
}

helm_build="$HELM_VERSION+k8s1.$HELM_K8S_MINOR"
if installed helm "$helm_build"; then
  echo "helm $HELM_VERSION already in $bin_dir"
else
  echo "building helm $HELM_VERSION into $bin_dir (first time takes a few minutes)"
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
    ldflags="$ldflags -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$HELM_K8S_MINOR"
  done
  go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$helm_build" >"$(stamp helm)"
fi

if installed kubeconform "$KUBECONFORM_VERSION"; then
  echo "kubeconform $KUBECONFORM_VERSION already in $bin_dir"
else
  echo "building kubeconform $KUBECONFORM_VERSION into $bin_dir"
  go install -trimpath -ldflags "-s -w -X main.version=$KUBECONFORM_VERSION" \
    "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  echo "$KUBECONFORM_VERSION" >"$(stamp kubeconform)"
fi

if installed kube-score "$KUBE_SCORE_VERSION"; then
  echo "kube-score $KUBE_SCORE_VERSION already in $bin_dir"
else
  echo "building kube-score $KUBE_SCORE_VERSION into $bin_dir"
  go install -trimpath -ldflags "-s -w -X main.version=$KUBE_SCORE_VERSION" \
    "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
  echo "$KUBE_SCORE_VERSION" >"$(stamp kube-score)"
fi

# promtool (alert rules and /metrics checks, tools/promtool) is built the same way.
ROSTER_TOOLS_BIN="$bin_dir" bash "$repo_root/tools/promtool/install.sh"

"$bin_dir/helm" version --short
"$bin_dir/kubeconform" -v
"$bin_dir/kube-score" version

bash "$repo_root/tools/python/setup-venv.sh"
