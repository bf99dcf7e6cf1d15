// Commands in scripts that cannot work: istioctl subcommands Istio removed, and helm charts
// from a repository no script adds.
import type { Config, Finding } from "../types.js";

const REMOVED: { pattern: RegExp; message: string }[] = [
  {
    pattern: /\bistioctl\s+(?:experimental\s+|x\s+)?authn\s+tls-check\b/,
    message: "`istioctl authn tls-check` was removed in Istio 1.6: use `istioctl x describe pod POD` or `istioctl proxy-config secret`",
  },
];

export function shellCommands(config: Config): Finding[] {
  const out: Finding[] = [];
  for (const c of config.commands) {
    for (const r of REMOVED) {
      if (r.pattern.test(c.text)) out.push({ severity: "error", file: c.file, line: c.line, rule: "removed-command", message: r.message });
    }
  }
  for (const rel of config.helmReleases) {
    const m = /^([\w.-]+)\/[\w.-]+$/.exec(rel.chart);
    if (!m?.[1] || rel.chart.startsWith(".") || config.helmRepos.has(m[1])) continue;
    out.push({ severity: "error", file: rel.at.file, line: rel.at.line, rule: "helm-repo", message: `chart ${rel.chart} comes from helm repository "${m[1]}", which no script adds (helm repo add ${m[1]} URL)` });
  }
  return out;
}
