#!/usr/bin/env node
// The meshcheck command. It runs the CLI compiled once by esbuild (bin/compiled-cli.js), and
// builds it first when it is missing or a source changed; there is no manual build step. When
// the build cannot be made (no esbuild, a read-only node_modules) or MESHCHECK_TSX=1 is set, the
// TypeScript sources run through tsx, as they always could.
import { build, freshBuild } from "./compiled-cli.js";

// These print what the entry chunk alone holds (usage text, version): only its sources are compared.
const ENTRY_ONLY = new Set([undefined, "--help", "-h", "--version", "-V"]);

async function compiledEntry() {
  if (process.env.MESHCHECK_TSX === "1") return undefined;
  const fresh = freshBuild(undefined, { entryOnly: ENTRY_ONLY.has(process.argv[2]) });
  if (fresh) return fresh;
  try {
    return await build();
  } catch {
    return undefined;
  }
}

const entry = await compiledEntry();
if (entry) {
  await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../harness/cli/main.ts");
}
