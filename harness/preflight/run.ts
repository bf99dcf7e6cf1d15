// `meshcheck preflight` as a function: read a configuration directory, run every rule, return
// the findings in file and line order.
import { existsSync, statSync } from "node:fs";
import { collect } from "./collect.js";
import { RULES } from "./rules/index.js";
import type { Config, Finding } from "./types.js";

export class PreflightInputError extends Error {
  override name = "PreflightInputError";
}

export function checkConfig(config: Config): Finding[] {
  const findings = [...config.readFindings, ...RULES.flatMap((rule) => rule(config))];
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

export function preflight(dir: string): Finding[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PreflightInputError(`${dir} is not a directory (give the directory holding cluster.yaml, helm/ and manifests/, e.g. kind)`);
  const config = collect(dir);
  if (config.resources.length === 0 && config.readFindings.length === 0) throw new PreflightInputError(`${dir} holds no Kubernetes or Istio YAML`);
  return checkConfig(config);
}

export function errorsIn(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error");
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.severity}: ${f.rule}: ${f.message}`;
}
