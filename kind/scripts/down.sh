#!/usr/bin/env bash
# make down: delete the kind cluster (and with it everything in it).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
require kind

step "delete kind cluster $KIND_CLUSTER"
if [[ "$DRY_RUN" == 1 ]] || cluster_exists; then
  run kind delete cluster --name "$KIND_CLUSTER"
else
  echo "no kind cluster $KIND_CLUSTER; nothing to do" >&2
fi
