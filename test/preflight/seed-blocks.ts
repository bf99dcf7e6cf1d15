// The seed guide's own configuration as files: its ```yaml and ```bash blocks, each written to
// a temp dir under the name its first-line comment gives (or block-N), so preflight reads
// exactly what a user following the guide would apply and run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SEED_DIR = new URL("../../../shared/seed/", import.meta.url).pathname;

export function seedFile(): string {
  const name = readdirSync(SEED_DIR).find((f) => f.startsWith("000_"));
  if (!name) throw new Error(`no seed in ${SEED_DIR}`);
  return join(SEED_DIR, name);
}

export interface SeedBlocks {
  dir: string;
  files: string[];
  dispose(): void;
}

export function extractSeedBlocks(text = readFileSync(seedFile(), "utf8")): SeedBlocks {
  const dir = mkdtempSync(join(tmpdir(), "meshcheck-seed-"));
  const files: string[] = [];
  const re = /```(yaml|bash)\n([\s\S]*?)```/g;
  let n = 0;
  for (const m of text.matchAll(re)) {
    const [, lang, body = ""] = m;
    n++;
    const named = /^#\s*([\w.-]+\.ya?ml)\s*$/m.exec(body.split("\n")[0] ?? "");
    const base = lang === "yaml" ? (named?.[1] ?? `block-${n}.yaml`) : `block-${n}.sh`;
    const file = `${String(n).padStart(2, "0")}-${base}`;
    writeFileSync(join(dir, file), body);
    files.push(file);
  }
  return { dir, files, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
