#!/usr/bin/env bash
# make upgrade ISTIO_TO=x.y.z: conformance before, steady traffic through the gateway during the
# helm upgrade and the workloads' rollout restart (new sidecars), conformance after, then the
# diff. Exit 1 if the steady traffic broke its error budget or the after-run failed.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
require kind helm kubectl node

TO="$ISTIO_UPGRADE_TO"
OUT="${UPGRADE_OUT:-$ROOT/reports/upgrade-$ISTIO_VERSION-to-$TO}"
RATE="${LOAD_RATE:-20}"
BUDGET="${ERROR_BUDGET:-0.01}"

step "preflight"
run "${MESHCHECK[@]}" preflight "$ROOT/kind"

step "before: conformance on the running Istio"
before=0
run "${MESHCHECK[@]}" run --target kind --out "$OUT/before" --no-history || before=$?

step "steady traffic: $RATE/s through the gateway, error budget $BUDGET"
load_pid=""
if [[ "$DRY_RUN" == 1 ]]; then
  run "${MESHCHECK[@]}" load --target kind --rate "$RATE" --budget "$BUDGET" --out "$OUT/load.json" '&'
else
  mkdir -p "$OUT"
  "${MESHCHECK[@]}" load --target kind --rate "$RATE" --budget "$BUDGET" --out "$OUT/load.json" &
  load_pid=$!
  # Never leave the load running if a step below fails.
  trap '[[ -n "$load_pid" ]] && kill -INT "$load_pid" 2>/dev/null || true' EXIT
fi

step "helm upgrade Istio to $TO"
istio_charts "$TO"

step "rollout restart: the workloads get $TO sidecars"
for ns in "${WORKLOAD_NAMESPACES[@]}"; do
  run kubectl --context "kind-$KIND_CLUSTER" -n "$ns" rollout restart deployment
done
wait_for_workloads

step "stop steady traffic"
load=0
if [[ "$DRY_RUN" == 1 ]]; then
  run kill -INT "<pid of meshcheck load>"
else
  kill -INT "$load_pid"
  wait "$load_pid" || load=$?
  load_pid=""
fi

step "after: conformance on Istio $TO"
after=0
run "${MESHCHECK[@]}" run --target kind --out "$OUT/after" --no-history || after=$?

step "diff before → after"
run "${MESHCHECK[@]}" diff "$OUT/before/run.json" "$OUT/after/run.json" || true

echo "upgrade to Istio $TO: before exit $before, steady traffic exit $load (0 = within budget $BUDGET), after exit $after; reports in $OUT" >&2
if ((load != 0 || after != 0)); then exit 1; fi
