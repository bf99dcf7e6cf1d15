#!/usr/bin/env bash
# Prints every mocha test file (test/**/*.test.ts), one a line, the slowest first. `make unit`
# and .ci/run's second run hand them to mocha's parallel workers, which take files in this
# order: started first, the long whole-system files do not leave one worker running alone at
# the end. The order is the only thing this list changes; every test file is printed once.
# The slow ones are by the per-suite durations of a CI log (about 40 s and more each). Exit 2
# with one line when one of them no longer exists (mocha would only warn and run the rest).
set -euo pipefail
cd "$(dirname "$0")/.."

slow=(
  test/harness/mutation.test.ts
  test/hostile/checks.test.ts
  test/scenarios/resilience-mesh.test.ts
  test/checks/fault-injection-timing.test.ts
  test/metrics/prometheus-roundtrip.test.ts
  test/hostile/cli.test.ts
)
for f in "${slow[@]}"; do
  if [[ ! -f "$f" ]]; then
    echo "test-files.sh: $f is listed as a slow test file but does not exist; update the list in .ci/test-files.sh" >&2
    exit 2
  fi
done
printf '%s\n' "${slow[@]}"
find test -name '*.test.ts' -not -path '*/node_modules/*' | LC_ALL=C sort | grep -vxF -f <(printf '%s\n' "${slow[@]}")
