// Evidence of header-routing: one row per generated case.
import type { Convergence, ObservedCounts } from "../../check-kit/records.js";

export interface RoutingCase {
  name: string;
  headers: Record<string, string>;
  expected: string;
  sent: number;
  observed: ObservedCounts;
  ok: boolean;
}

export interface RoutingEvidence {
  kind: "routing";
  convergence?: Convergence;
  cases: RoutingCase[];
}
