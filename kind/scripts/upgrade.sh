#!/usr/bin/env bash
# make upgrade ISTIO_TO=x.y.z: conformance before, steady traffic through the gateway during the
# helm upgrade and the workloads' rollout restart (new sidecars; one Deployment at a time),
# conformance after, then the diff. Exit 1 if the steady traffic broke its error budget or the after-run failed.
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

# One Deployment at a time, each waited for before the next: restarting them all at once
# (both canary versions included) would take whole services down together, which is not the
# upgrade a careful operator runs, and would charge that to Istio's upgrade in the load's budget.
step "rollout restart, one Deployment at a time: the workloads get $TO sidecars"
deployments="$(workload_deployments)"
while read -r ns name; do
  run kubectl --context "$KCTX" -n "$ns" rollout restart "deployment/$name" </dev/null
  run kubectl --context "$KCTX" -n "$ns" rollout status "deployment/$name" --timeout=300s </dev/null
done <<<"$deployments"

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
