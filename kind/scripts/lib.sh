# shellcheck shell=bash
# Shared by the kind/scripts: strict mode, pinned versions, the prerequisite check, and the
# DRY_RUN switch (DRY_RUN=1 prints each command as `+ cmd args` instead of running it, and
# needs none of the tools: the order of steps can be read, and tested, without a cluster).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIND_CLUSTER="${KIND_CLUSTER:-meshcheck}"
DRY_RUN="${DRY_RUN:-0}"
# shellcheck source-path=SCRIPTDIR source=versions.sh
source "$ROOT/kind/scripts/versions.sh"
# shellcheck disable=SC2034 # used by the scripts that source this file
MESHCHECK=(node "$ROOT/bin/meshcheck.js")

# The namespaces of the workloads under test (kind/manifests/00-namespaces.yaml).
WORKLOAD_NAMESPACES=(workshop-app outside)

step() { printf '==> %s\n' "$*" >&2; }

run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    printf '+'
    printf ' %s' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# Names every missing tool at once (exit 2: the user must install something).
require() {
  [[ "$DRY_RUN" == 1 ]] && return 0
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]} > 0)); then
    printf '%s: missing required tool(s): %s (see kind/README.md "Prerequisites")\n' "${0##*/}" "${missing[*]}" >&2
    exit 2
  fi
}

cluster_exists() {
  [[ "$DRY_RUN" == 1 ]] && return 1
  kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"
}

# Everything helm installs for Istio, at one version: used by cluster-up and upgrade alike.
istio_charts() {
  local version="$1"
  run helm upgrade --install istio-base istio/base -n istio-system --create-namespace --version "$version" --wait
  run helm upgrade --install istiod istio/istiod -n istio-system --version "$version" -f "$ROOT/kind/helm/istiod-values.yaml" --wait
  run helm upgrade --install istio-ingress istio/gateway -n istio-system --version "$version" -f "$ROOT/kind/helm/gateway-values.yaml" --wait
}

# Every Deployment's rollout done (after an apply or a restart: `wait --for=Available` would
# pass on the old pods still serving).
wait_for_workloads() {
  local ns deployments d
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    if [[ "$DRY_RUN" == 1 ]]; then
      run kubectl --context "kind-$KIND_CLUSTER" -n "$ns" rollout status "deployment/<each>" --timeout=300s
      continue
    fi
    mapfile -t deployments < <(kubectl --context "kind-$KIND_CLUSTER" -n "$ns" get deployment -o name)
    for d in "${deployments[@]}"; do
      run kubectl --context "kind-$KIND_CLUSTER" -n "$ns" rollout status "$d" --timeout=300s
    done
  done
}
