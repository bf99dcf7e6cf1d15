// The compiled CLI: harness/cli/main.ts bundled once by esbuild (it comes with tsx) into
// node_modules/.cache/meshcheck/, so a start loads plain JavaScript instead of compiling
// TypeScript. There is no build step for the user: the first start after a change builds it.
//
// Staleness: the build records every source file esbuild read (its metafile inputs, plus
// tsconfig.json and this file) with its size and mtime. A start stats each of them; any
// difference, or a missing file, means stale, and the next start rebuilds. A new file can only
// enter the bundle through an import in a changed file, so it is caught through that file.
// `--help` and `--version` run only the entry chunk and what it imports statically, so they
// stat only the sources of those chunks (a dozen, not ~270): a change anywhere else cannot
// change what they print, and the next command that loads it rebuilds.
// npm packages stay external (loaded from node_modules as usual), so `npm ci` needs no rebuild.
//
// Several starts may build at once (the tests do): each builds into its own directory and then
// replaces the pointer file with one atomic rename, so a start sees an old build or a new one,
// never half of one. Other builds are removed once a day old: a command loads its lazy chunks
// when it starts, so no run still needs them by then.

import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The clone this file is in; the functions take another root for the tests. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cacheOf = (root) => join(root, "node_modules", ".cache", "meshcheck");
const pointerOf = (root) => join(cacheOf(root), "cli.json");
const THIS_FILE = fileURLToPath(import.meta.url);
const OLD_BUILD_MS = 24 * 3600 * 1000;

function fingerprint(path) {
  const st = statSync(path);
  return [st.size, st.mtimeMs];
}

/**
 * The compiled entry's URL if the recorded build exists and no input changed since, else
 * undefined. entryOnly: only the inputs of the entry's static imports are compared (for a
 * command that loads nothing else).
 */
export function freshBuild(root = ROOT, { entryOnly = false } = {}) {
  const main = (dir) => join(cacheOf(root), dir, "main.js");
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(pointerOf(root), "utf8"));
    if (pointer.root !== root) return undefined;
    const inputs = entryOnly ? Object.fromEntries(pointer.entryInputs.map((file) => [file, pointer.inputs[file]])) : pointer.inputs;
    for (const [file, [size, mtimeMs]] of Object.entries(inputs)) {
      const [s, m] = fingerprint(join(root, file));
      if (s !== size || m !== mtimeMs) return undefined;
    }
    statSync(main(pointer.dir));
  } catch {
    return undefined;
  }
  return pathToFileURL(main(pointer.dir)).href;
}

// Sources that find files beside themselves (new URL("../x", import.meta.url)) must keep doing
// so from the bundle: each such import.meta.url becomes the source file's own URL, written
// relative to the bundle so a moved clone still works.
function sourceUrlPlugin(outdir) {
  return {
    name: "source-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${join("node_modules", "")}`)) return undefined;
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta.url")) return undefined;
        const fromBundle = relative(outdir, args.path).split("\\").join("/");
        const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: text.replaceAll("import.meta.url", url), loader: "ts" };
      });
    },
  };
}

/** Builds the CLI and records it; returns the compiled entry's URL. Throws when esbuild cannot. */
export async function build(root = ROOT) {
  const { build: esbuild } = await import("esbuild");
  const cache = cacheOf(root);
  const dir = `cli-${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(cache, dir);
  mkdirSync(cache, { recursive: true });
  const result = await esbuild({
    entryPoints: [join(root, "harness", "cli", "main.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    absWorkingDir: root,
    outdir,
    metafile: true,
    logLevel: "silent",
    plugins: [sourceUrlPlugin(outdir)],
  });
  const always = [join(root, "tsconfig.json"), THIS_FILE];
  const files = [...Object.keys(result.metafile.inputs).map((p) => resolve(root, p)), ...always];
  const inputs = {};
  for (const file of files) inputs[relative(root, file)] = fingerprint(file);
  const entryInputs = [...entryClosureInputs(result.metafile, root, join(outdir, "main.js")), ...always].map((f) => relative(root, f));
  const tmp = `${pointerOf(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ root, dir, inputs, entryInputs }));
  renameSync(tmp, pointerOf(root));
  removeOldBuilds(cache, dir);
  return pathToFileURL(join(outdir, "main.js")).href;
}

/** The sources of the entry chunk and of every chunk it imports statically, as absolute paths. */
function entryClosureInputs(metafile, root, entryFile) {
  const outputs = new Map(Object.entries(metafile.outputs).map(([out, o]) => [resolve(root, out), o]));
  const seen = new Set();
  const sources = new Set();
  const visit = (file) => {
    const output = outputs.get(file);
    if (seen.has(file) || !output) return;
    seen.add(file);
    for (const input of Object.keys(output.inputs)) sources.add(resolve(root, input));
    for (const imported of output.imports) if (imported.kind === "import-statement") visit(resolve(root, imported.path));
  };
  visit(entryFile);
  if (seen.size === 0) throw new Error(`esbuild's metafile has no output ${entryFile}`);
  return sources;
}

function removeOldBuilds(cache, keep) {
  const now = Date.now();
  for (const name of readdirSync(cache)) {
    if (!name.startsWith("cli-") || name === keep) continue;
    try {
      if (now - statSync(join(cache, name)).mtimeMs > OLD_BUILD_MS) rmSync(join(cache, name), { recursive: true, force: true });
    } catch {
      // Another start removed it first.
    }
  }
}
