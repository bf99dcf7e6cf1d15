// Evidence of fault-injection: one proportion test per injected fault.
import type { Convergence, ObservedCounts } from "../../check-kit/records.js";
import type { ProportionEvidence } from "../../stats/index.js";
import type { DelaySeparation } from "../../../spec/timing/delay-separation.js";

/** One injected fault's share: the proportion test over "injected" vs "not injected". */
export interface InjectedShare {
  /** What counted as injected, e.g. `status 503 + "fault filter abort"` or `latency ≥ 196 ms`. */
  rule: string;
  proportion: ProportionEvidence;
}

/** The delay's share, and how well delayed answers were told from slow ones. */
export interface DelayShare extends InjectedShare {
  separation?: DelaySeparation;
}

export interface FaultInjectionEvidence {
  kind: "fault-injection";
  convergence?: Convergence;
  abort?: InjectedShare;
  delay?: DelayShare;
  /** Answers that were neither a success nor the injected abort, by what they got (each fails at once). */
  unexpected: ObservedCounts;
}
