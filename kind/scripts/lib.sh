# shellcheck shell=bash
# Shared by the kind/scripts: strict mode, pinned versions, the prerequisite check, and the
# DRY_RUN switch (DRY_RUN=1 prints each command as `+ cmd args` instead of running it, and
# needs none of the tools: the order of steps can be read, and tested, without a cluster).
# Every kubectl, helm and istioctl call names the cluster's context (--context / --kube-context
# kind-$KIND_CLUSTER): the user's current context is neither used nor changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIND_CLUSTER="${KIND_CLUSTER:-meshcheck}"
DRY_RUN="${DRY_RUN:-0}"
# shellcheck source-path=SCRIPTDIR source=versions.sh
source "$ROOT/kind/scripts/versions.sh"
# shellcheck disable=SC2034 # used by the scripts that source this file
MESHCHECK=(node "$ROOT/bin/meshcheck.js")
KCTX="kind-$KIND_CLUSTER"
# What the scripts render for this cluster (kind config, manifests with the echo image's tag,
# the image archive); under the repository's ignored .tmp/.
# shellcheck disable=SC2034
STATE_DIR="$ROOT/.tmp/kind/$KIND_CLUSTER"

# The namespaces of the workloads under test (kind/manifests/00-namespaces.yaml).
# shellcheck disable=SC2034
WORKLOAD_NAMESPACES=(workshop-app outside)

# The Secret the echo Deployments' ADMIN_TOKEN comes from (secretKeyRef in kind/manifests);
# meshcheck --target kind reads it to put the token in the profile.
ADMIN_SECRET=meshcheck-admin

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

# One line naming every pinned version (the DRY_RUN sequence shows it before anything runs).
print_pins() {
  printf '# pins: kind %s, node image %s, Istio %s (charts and istioctl), Gateway API CRDs %s, kiali-server chart %s, prometheus chart %s, host ports http %s status %s gateway-api %s\n' \
    "$KIND_VERSION" "$KIND_NODE_IMAGE" "$ISTIO_VERSION" "$GATEWAY_API_VERSION" "$KIALI_CHART_VERSION" "$PROMETHEUS_CHART_VERSION" "$KIND_HTTP_PORT" "$KIND_STATUS_PORT" "$KIND_GWAPI_PORT"
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
  local clusters
  # Read whole rather than piped to grep -q (see echo-image.sh: pipefail and an early exit).
  clusters="$(kind get clusters 2>/dev/null || true)"
  grep -qx "$KIND_CLUSTER" <<<"$clusters"
}

# Everything helm installs for Istio, at one version: used by cluster-up and upgrade alike.
istio_charts() {
  local version="$1"
  run helm upgrade --install istio-base istio/base --kube-context "$KCTX" -n istio-system --create-namespace --version "$version" --wait
  run helm upgrade --install istiod istio/istiod --kube-context "$KCTX" -n istio-system --version "$version" -f "$ROOT/kind/helm/istiod-values.yaml" --wait
  run helm upgrade --install istio-ingress istio/gateway --kube-context "$KCTX" -n istio-system --version "$version" -f "$ROOT/kind/helm/gateway-values.yaml" --wait
}

# The Gateway API's standard-channel CRDs at GATEWAY_API_VERSION, from the vendored copy (the
# files the tests validate the manifests against). Server-side apply, as the Gateway API's
# install notes ask: the CRDs are too large for client-side apply's last-applied annotation.
gateway_api_crds() {
  local dir="$ROOT/vendor/gateway-api/$GATEWAY_API_VERSION/crds"
  if [[ ! -d "$dir" ]]; then
    echo "${0##*/}: GATEWAY_API_VERSION=$GATEWAY_API_VERSION has no vendored CRDs (vendor/gateway-api/$GATEWAY_API_VERSION/crds); use one of: $(cd "$ROOT/vendor/gateway-api" && echo v*)" >&2
    exit 2
  fi
  run kubectl --context "$KCTX" apply --server-side -f "$dir"
  run kubectl --context "$KCTX" wait --for=condition=Established --timeout=60s -f "$dir"
}

# "namespace gateway deployment" of each Gateway API Gateway Istio deploys a gateway for.
gateway_api_gateways() {
  node "$ROOT/kind/scripts/gateway-api-gateways.js" "$ROOT/kind/manifests/gateway-api"
}

# Each Gateway programmed (Istio has deployed it and its Service has an address), then its
# Deployment rolled out, each with a deadline.
wait_for_gateway_api_gateways() {
  local list ns gateway deployment
  list="$(gateway_api_gateways)"
  while read -r ns gateway deployment; do
    [[ -n "$ns" ]] || continue
    run kubectl --context "$KCTX" -n "$ns" wait --for=condition=Programmed "gateway/$gateway" --timeout=300s </dev/null
    run kubectl --context "$KCTX" -n "$ns" rollout status "deployment/$deployment" --timeout=300s </dev/null
  done <<<"$list"
}

# "namespace name" of each Deployment in kind/manifests, in file order.
workload_deployments() {
  node "$ROOT/kind/scripts/deployments.js" "$ROOT/kind/manifests"
}

# Every Deployment's rollout done (after an apply: `wait --for=Available` would pass on the
# old pods still serving), each with a deadline.
wait_for_workloads() {
  local list ns name
  list="$(workload_deployments)"
  while read -r ns name; do
    run kubectl --context "$KCTX" -n "$ns" rollout status "deployment/$name" --timeout=300s </dev/null
  done <<<"$list"
}

# Creates Secret $ADMIN_SECRET (key token: 32 random bytes in hex) in namespace $1 unless it
# exists: a new value under running pods would lock the harness out until they restart. The
# value reaches kubectl on stdin (printf is a builtin), never on a command line ps could show.
admin_secret() {
  local ns="$1" token
  local kubectl=(kubectl --context "kind-$KIND_CLUSTER" -n "$ns")
  if [[ "$DRY_RUN" == 1 ]]; then
    run "${kubectl[@]}" create -f - "<Secret $ADMIN_SECRET with a random token on stdin, unless it exists>"
    return 0
  fi
  if "${kubectl[@]}" get secret "$ADMIN_SECRET" >/dev/null 2>&1; then
    echo "Secret $ns/$ADMIN_SECRET exists; keeping its token" >&2
    return 0
  fi
  token="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: Opaque\nstringData:\n  token: %s\n' \
    "$ADMIN_SECRET" "$ns" "$token" | "${kubectl[@]}" create -f -
}
