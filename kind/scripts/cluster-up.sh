#!/usr/bin/env bash
# make cluster: a kind cluster with Istio, the echo workloads and the addons, ready for
# `meshcheck run --target kind`. Safe to run again: existing pieces are upgraded in place.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
require docker kind helm kubectl node

step "preflight: the configuration, before anything is created"
run "${MESHCHECK[@]}" preflight "$ROOT/kind"

step "kind cluster $KIND_CLUSTER"
if cluster_exists; then
  echo "kind cluster $KIND_CLUSTER exists; keeping it" >&2
else
  run kind create cluster --name "$KIND_CLUSTER" --config "$ROOT/kind/cluster.yaml" --wait 120s
fi
run kubectl config use-context "kind-$KIND_CLUSTER"

bash "$ROOT/kind/scripts/helm-repos.sh"

step "Istio $ISTIO_VERSION: base, istiod, ingress gateway (NodePort)"
istio_charts "$ISTIO_VERSION"

step "namespaces and their injection labels"
run kubectl --context "kind-$KIND_CLUSTER" apply -f "$ROOT/kind/manifests/00-namespaces.yaml"

step "the forwarders' admin token: Secret $ADMIN_SECRET, random, one per namespace"
for ns in "${WORKLOAD_NAMESPACES[@]}"; do
  admin_secret "$ns"
done

step "echo image $ECHO_IMAGE into the cluster"
run docker build -f "$ROOT/apps/echo/Dockerfile" -t "$ECHO_IMAGE" "$ROOT"
run kind load docker-image "$ECHO_IMAGE" --name "$KIND_CLUSTER"

step "the mesh under test: kind/manifests"
run kubectl --context "kind-$KIND_CLUSTER" apply -f "$ROOT/kind/manifests"
wait_for_workloads

bash "$ROOT/kind/scripts/addons.sh"

step "ready: make conformance (or: node bin/meshcheck.js run --target kind)"
