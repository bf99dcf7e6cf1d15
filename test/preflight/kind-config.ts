// kind/ as preflight reads it, with one file's text edited in memory: each rule is shown to
// fire on our own configuration's shape when exactly one thing in it breaks.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readYamlText } from "../../harness/preflight/read-yaml.js";
import { shellCommands } from "../../harness/preflight/shell.js";
import { assemble } from "../../harness/preflight/collect.js";
import { checkConfig } from "../../harness/preflight/run.js";
import type { Finding, ShellCommand, YamlDoc } from "../../harness/preflight/types.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** Preflight findings for kind/ with `edit` applied to the file at `path` (relative to kind/). */
export function findingsWith(path: string, edit: (text: string) => string): Finding[] {
  const docs: YamlDoc[] = [];
  const commands: ShellCommand[] = [];
  const read: Finding[] = [];
  let edited = false;
  for (const abs of files(KIND)) {
    const rel = relative(KIND, abs);
    let text = readFileSync(abs, "utf8");
    if (rel === path) {
      const next = edit(text);
      if (next === text) throw new Error(`edit of ${path} changed nothing`);
      text = next;
      edited = true;
    }
    if (/\.ya?ml$/.test(rel)) {
      const r = readYamlText(text, rel);
      docs.push(...r.docs);
      read.push(...r.findings);
    }
    if (rel.endsWith(".sh")) commands.push(...shellCommands(text, rel));
  }
  if (!edited) throw new Error(`no file kind/${path}`);
  return checkConfig(assemble(docs, commands, read));
}
