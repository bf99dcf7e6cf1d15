// Checks are data: a definition says what it tests and how, the runner does all gating,
// convergence bookkeeping and result recording (Gateway API conformance's ConformanceTest).
// Nothing here knows the report or the run's events: a check reports progress through
// CheckProgress, and its evidence type is its own (the union is assembled in ../features/registry.ts).

import type { TargetProfile } from "../../spec/profile/types.js";
import type { Timing } from "../timing.js";
import type { Sender } from "../traffic/sender.js";
import type { StatsSettings } from "../settings.js";
import type { CheckStatus } from "../status.js";

/** A top-level list section of the target profile that a check takes its targets from. */
export type ProfileSection = { [K in keyof TargetProfile]-?: NonNullable<TargetProfile[K]> extends readonly { name: string }[] ? K : never }[keyof TargetProfile];

export const FEATURES = [
  "routing",
  "canary",
  "mtls",
  "authz",
  // resilience
  "timeouts",
  "retries",
  "fault-injection",
  "circuit-breaking",
  "outlier-detection",
  "disruption",
] as const;
export type Feature = (typeof FEATURES)[number];

/** Every check's evidence names its kind; the renderers dispatch on it. */
export interface Evidence {
  kind: string;
}

/** What a check's run returns; the runner adds identity, timing and bookkeeping. */
export interface CheckVerdict<E extends Evidence = Evidence> {
  status: CheckStatus;
  /** One line: why this status. */
  summary: string;
  requests: number;
  evidence: E;
}

/** The one event a check emits itself (a member of the run's events, ../events.ts). */
export interface CheckProgress {
  type: "check-progress";
  id: string;
  requests: number;
  detail: string;
  /** Counts behind the detail (e.g. answers by destination), as data so a printer can write them for people. */
  counts?: Record<string, number>;
}

export interface CheckContext {
  profile: TargetProfile;
  /** The sender for a named vantage (default: a direct sender); cached and closed by the runner. */
  sender(vantage?: string, opts?: { newConnectionPerRequest?: boolean }): Sender;
  timing: Timing;
  stats: StatsSettings;
  emit(event: CheckProgress): void;
  signal: AbortSignal;
}

/**
 * What a check asks of the machine and the mesh while it runs; the runner's plan
 * (../runner/plan-waves.ts) reads it to decide what may run at the same time.
 * - light: a handful of requests, no state in the mesh that another check touches.
 * - bulk: hundreds or thousands of requests, decided on counts (answers, statuses), never on latency.
 * - timing: its verdict reads latency or a time window (a timeout, an injected delay, a slot
 *   held by a slow request, an ejection window): it runs with nothing else beside it.
 * - exclusive: it changes what other checks route to (restarts a Deployment): it runs alone.
 */
export const CONCURRENCY_CLASSES = ["light", "bulk", "timing", "exclusive"] as const;
export type ConcurrencyClass = (typeof CONCURRENCY_CLASSES)[number];

/** One entry of a profile section: what a check runs against. */
export type SectionTarget<S extends ProfileSection> = NonNullable<TargetProfile[S]>[number];

export interface CheckDefinition<S extends ProfileSection = ProfileSection, E extends Evidence = Evidence> {
  /** Stable id, e.g. "canary-split"; results are "<id>/<target name>". */
  id: string;
  feature: Feature;
  description: string;
  /** The profile section whose entries this check runs against; absent → skipped, and the report says so. */
  section: S;
  /** What it may share the run with (see ConcurrencyClass). */
  concurrency: ConcurrencyClass;
  /** The class for one target, where it depends on the target (absent: `concurrency`). */
  concurrencyFor?(target: SectionTarget<S>): ConcurrencyClass;
  /** The least time it takes on a target, a wait no load shortens (a route timeout); a shared wave starts the longest first. */
  minDurationMs?(target: SectionTarget<S>): number;
  run(ctx: CheckContext, target: SectionTarget<S>): Promise<CheckVerdict<E>>;
}
