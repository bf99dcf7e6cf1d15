// Parsing and validating `meshcheck run` flags into typed options. Every bad value is one
// UsageError line naming the flag.

import { statSync } from "node:fs";
import { UsageError } from "../errors.js";
import type { StatsSettings } from "../settings.js";
import { KNOBS } from "../../spec/knobs.js";
import { knobFlag } from "../knob-flag.js";
import { METRICS_FLAGS, parseMetricsFlags } from "../metrics/flags.js";
import type { MetricsOptions } from "../metrics/deliver.js";
import { parseFlags } from "./parse-flags.js";

export interface RunArgs {
  target: string;
  faults: string[];
  checks: string[];
  features: string[];
  out?: string;
  json: boolean;
  stats: StatsSettings;
  /** --concurrency: most checks running at once (1: one after another). */
  concurrency: number;
  metrics: MetricsOptions;
  /** History file to append to (--history); undefined → beside the run directories. */
  history?: string;
  /** --no-history: append nothing. */
  noHistory: boolean;
  /** --manifests DIR: the local mesh serves this copy of the mesh definition instead of kind/manifests. */
  manifests?: string;
}

export function parseRunArgs(args: string[]): RunArgs {
  const parsed = parseFlags("run", args, {
    allowPositionals: false,
    options: {
      target: { type: "string", default: "local" },
      fault: { type: "string", multiple: true, default: [] },
      check: { type: "string", multiple: true, default: [] },
      feature: { type: "string", multiple: true, default: [] },
      out: { type: "string" },
      json: { type: "boolean", default: false },
      alpha: { type: "string" },
      beta: { type: "string" },
      tolerance: { type: "string" },
      budget: { type: "string" },
      concurrency: { type: "string" },
      ...METRICS_FLAGS,
      history: { type: "string" },
      "no-history": { type: "boolean", default: false },
      manifests: { type: "string" },
    },
  });
  const v = parsed.values;
  const stats: StatsSettings = {
    alpha: knobFlag(KNOBS.alpha, v.alpha),
    beta: knobFlag(KNOBS.beta, v.beta),
    delta: knobFlag(KNOBS.delta, v.tolerance),
    budget: knobFlag(KNOBS.budget, v.budget),
  };
  const concurrency = knobFlag(KNOBS.concurrency, v.concurrency);
  if (v.fault.length > 0 && v.target !== "local") {
    throw new UsageError(`--fault works only with --target local (the faults are the local mesh's)`);
  }
  if (v.manifests !== undefined) checkManifestsDir(v.manifests, v.target);
  const metrics = parseMetricsFlags(v);
  if (v.history !== undefined && v["no-history"]) throw new UsageError("--history and --no-history: give one or the other");
  return { target: v.target, faults: v.fault, checks: v.check, features: v.feature, out: v.out, json: v.json, stats, concurrency, metrics, history: v.history, noHistory: v["no-history"], ...(v.manifests !== undefined && { manifests: v.manifests }) };
}

/** --manifests names a directory, and only the local mesh serves manifests. */
export function checkManifestsDir(dir: string, target = "local"): void {
  if (target !== "local") throw new UsageError(`--manifests works only with --target local (the local mesh serves them; a cluster has its own)`);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--manifests ${dir}: not a directory; give a copy of kind/manifests (the *.yaml files the cluster applies)`);
}
