// Shell scripts as preflight sees them: commands (continuation lines joined, comments dropped)
// and the helm repositories and releases they set up. Not a shell parser: enough to read the
// plain `helm ...` lines our scripts and the seed's guide are made of.
import type { HelmRelease, ShellCommand } from "./types.js";

export function shellCommands(text: string, file: string, lineOffset = 0): ShellCommand[] {
  const out: ShellCommand[] = [];
  let pending: ShellCommand | undefined;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    const continued = line.endsWith("\\");
    const body = continued ? line.slice(0, -1) : line;
    if (pending) pending.text += ` ${body.trim()}`;
    else if (body.trim() !== "") pending = { file, line: i + 1 + lineOffset, text: body.trim() };
    if (!continued && pending) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

/** Flags of helm install/upgrade that take a value (the rest are switches). */
const VALUE_FLAGS = new Set(["-n", "--namespace", "-f", "--values", "--version", "--set", "--set-string", "--set-file", "--set-json", "--timeout", "--repo", "--kube-context", "--post-renderer", "--description"]);

/** Words of a command line, quotes removed. `$VAR`s are kept as written. */
export function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

export function helmReleases(commands: ShellCommand[]): HelmRelease[] {
  const out: HelmRelease[] = [];
  for (const c of commands) {
    for (const segment of c.text.split(/&&|\|\||;/)) {
      const w = words(segment.trim());
      const at = w.indexOf("helm");
      const sub = w[at + 1];
      if (at < 0 || (sub !== "install" && sub !== "upgrade")) continue;
      const positionals: string[] = [];
      const valuesFiles: string[] = [];
      let namespace: string | undefined;
      for (let i = at + 2; i < w.length; i++) {
        const word = w[i] ?? "";
        const [flag, inline] = word.startsWith("--") && word.includes("=") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
        if (!flag.startsWith("-")) {
          positionals.push(word);
          continue;
        }
        if (!VALUE_FLAGS.has(flag)) continue;
        const value = inline ?? w[++i] ?? "";
        if (flag === "-n" || flag === "--namespace") namespace = value;
        if (flag === "-f" || flag === "--values") valuesFiles.push(value);
      }
      const [release, chart] = positionals;
      if (release && chart) out.push({ release, chart, valuesFiles, at: { file: c.file, line: c.line }, ...(namespace ? { namespace } : {}) });
    }
  }
  return out;
}

export function helmRepos(commands: ShellCommand[]): Set<string> {
  const repos = new Set<string>();
  for (const c of commands) {
    for (const m of c.text.matchAll(/\bhelm\s+repo\s+add\s+(?:--\S+\s+)*([\w.-]+)/g)) if (m[1]) repos.add(m[1]);
  }
  return repos;
}
