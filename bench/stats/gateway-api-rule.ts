// Baseline (c): Gateway API conformance's weighted-backend rule, modelled on
// conformance/tests/httproute-weight.go and conformance/utils/weight/weight.go
// (kubernetes-sigs/gateway-api): send 500 requests; an attempt passes when no unexpected
// backend answered, exactly the backends with weight > 0 were seen, and every backend's share
// is within ±0.05 absolute of its weight (a float compare, |got − want| > 0.05 fails). The test
// retries the whole attempt up to 10 times and passes if any attempt passes.
import { resolveSpec, type ProportionSpec } from "../../harness/stats/index.js";
import type { Decider } from "./simulate.js";

export const GATEWAY_API_REQUESTS = 500;
export const GATEWAY_API_TOLERANCE = 0.05;
export const GATEWAY_API_ATTEMPTS = 10;

export function gatewayApiDecider(spec: ProportionSpec): Decider {
  const { names, shares } = resolveSpec(spec);
  const index = new Map(names.map((name, i) => [name, i]));
  const counts = new Float64Array(names.length);

  const attempt = (sample: () => string): boolean => {
    counts.fill(0);
    let unexpected = false;
    for (let r = 0; r < GATEWAY_API_REQUESTS; r++) {
      const i = index.get(sample());
      if (i === undefined) unexpected = true;
      else counts[i] = (counts[i] ?? 0) + 1;
    }
    if (unexpected) return false;
    let ok = true;
    let seen = 0;
    let active = 0;
    shares.forEach((want, i) => {
      const got = counts[i] ?? 0;
      if (got > 0) seen += 1;
      if (want > 0) active += 1;
      if (got === 0 && want !== 0) ok = false;
      else if (Math.abs(got / GATEWAY_API_REQUESTS - want) > GATEWAY_API_TOLERANCE) ok = false;
    });
    return ok && seen === active;
  };

  return (sample) => {
    for (let a = 1; a <= GATEWAY_API_ATTEMPTS; a++) {
      if (attempt(sample)) return { verdict: "pass", requests: a * GATEWAY_API_REQUESTS };
    }
    return { verdict: "fail", requests: GATEWAY_API_ATTEMPTS * GATEWAY_API_REQUESTS };
  };
}
