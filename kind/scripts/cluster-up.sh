#!/usr/bin/env bash
# make cluster: a kind cluster with Istio, the echo workloads and the addons, ready for
# `meshcheck run --target kind`. Safe to run again: existing pieces are upgraded in place, and
# an existing cluster is reused only if it was created from this same kind config (exit 2
# otherwise). Exit codes: 0 ready, 2 configuration or prerequisites, else the failing step's.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=echo-image.sh
source "$ROOT/kind/scripts/echo-image.sh"
# shellcheck source-path=SCRIPTDIR source=istioctl.sh
source "$ROOT/kind/scripts/istioctl.sh"
require docker kind helm kubectl node

print_pins
if [[ "$DRY_RUN" != 1 ]]; then
  kind_version="$(kind version 2>/dev/null || true)"
  if [[ "$kind_version" != "kind $KIND_VERSION "* ]]; then
    echo "cluster-up.sh: warning: '${kind_version%% go*}' is not kind $KIND_VERSION, whose release notes list the node image $KIND_NODE_IMAGE; install kind $KIND_VERSION if the cluster does not come up" >&2
  fi
fi

step "preflight: the configuration, before anything is created"
run "${MESHCHECK[@]}" preflight "$ROOT/kind"

step "kind cluster $KIND_CLUSTER (127.0.0.1:$KIND_HTTP_PORT → gateway http, 127.0.0.1:$KIND_STATUS_PORT → status, 127.0.0.1:$KIND_GWAPI_PORT → Gateway API gateway http)"
config_hash="$(node "$ROOT/kind/scripts/kind-config.js" "$ROOT/kind/cluster.yaml" "$STATE_DIR/cluster.yaml" "$KIND_HTTP_PORT" "$KIND_STATUS_PORT" "$KIND_NODE_IMAGE" "$KIND_GWAPI_PORT")" || exit 2
if cluster_exists; then
  # What the cluster was created from, as recorded below when it was (empty: no record).
  if ! recorded="$(kubectl --context "$KCTX" -n kube-system get configmap meshcheck-kind-config --ignore-not-found -o 'jsonpath={.data.sha256}')"; then
    echo "cluster-up.sh: kind cluster $KIND_CLUSTER exists but its API server does not answer (context $KCTX); start it, or delete it with make down" >&2
    exit 3
  fi
  if [[ "$recorded" != "$config_hash" ]]; then
    if [[ -n "$recorded" ]]; then was="recorded sha256 ${recorded:0:12}, " why=""; else was="" why=", or it predates the record"; fi
    echo "cluster-up.sh: kind cluster $KIND_CLUSTER was not created from this kind config (${was}this config ${config_hash:0:12}: node image, host ports or kind/cluster.yaml differ$why); delete it with make down, or set KIND_CLUSTER to another name" >&2
    exit 2
  fi
  echo "kind cluster $KIND_CLUSTER exists and was created from this config; keeping it" >&2
else
  run kind create cluster --name "$KIND_CLUSTER" --image "$KIND_NODE_IMAGE" --config "$STATE_DIR/cluster.yaml" --wait 120s
  run kubectl --context "$KCTX" -n kube-system create configmap meshcheck-kind-config "--from-literal=sha256=$config_hash" "--from-file=cluster.yaml=$STATE_DIR/cluster.yaml"
fi

bash "$ROOT/kind/scripts/helm-repos.sh"

step "Gateway API $GATEWAY_API_VERSION CRDs (standard channel), before Istio so istiod starts with them"
gateway_api_crds

step "Istio $ISTIO_VERSION: base, istiod, ingress gateway (NodePort)"
istio_charts "$ISTIO_VERSION"

step "namespaces and their injection labels"
run kubectl --context "$KCTX" apply -f "$ROOT/kind/manifests/00-namespaces.yaml"

step "the forwarders' admin token: Secret $ADMIN_SECRET, random, one per namespace"
for ns in "${WORKLOAD_NAMESPACES[@]}"; do
  admin_secret "$ns"
done

ECHO_IMAGE="$ECHO_REPOSITORY:$(echo_image_tag)"
step "echo image $ECHO_IMAGE (tag: hash of its build context) into the cluster"
load_echo_image

step "the mesh under test: kind/manifests, echo image $ECHO_IMAGE"
render_manifests
run kubectl --context "$KCTX" apply -f "$STATE_DIR/manifests"
wait_for_workloads

step "the Gateway API routes: kind/manifests/gateway-api, and the gateways Istio deploys for them"
run kubectl --context "$KCTX" apply -f "$ROOT/kind/manifests/gateway-api"
wait_for_gateway_api_gateways

step "istioctl analyze $ISTIO_VERSION on ${WORKLOAD_NAMESPACES[*]}"
if ensure_istioctl; then
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    run "$ISTIOCTL_BIN" analyze --context "$KCTX" -n "$ns"
  done
else
  echo "cluster-up.sh: istioctl analyze not run (see above)" >&2
fi

bash "$ROOT/kind/scripts/addons.sh"

step "ready: make conformance (or: node bin/meshcheck.js run --target kind)"
