// The Decider for our SequentialProportionTest, used by the Monte Carlo tests and bench/stats.
import { SequentialProportionTest, type ProportionSpec } from "../../harness/stats/index.js";
import type { Decider } from "./simulate.js";

export function sequentialDecider(spec: ProportionSpec): Decider {
  return (sample) => {
    const test = new SequentialProportionTest(spec);
    let verdict = test.observe(sample());
    while (verdict === undefined) verdict = test.observe(sample());
    return { verdict, requests: test.requests };
  };
}
