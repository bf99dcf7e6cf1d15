// Benchmark: start-up of the meshcheck command, compiled (bin/compiled-cli.js) against the
// TypeScript sources through tsx (MESHCHECK_TSX=1) and against `node -e 0`, the floor any node
// command pays. Rounds interleave the variants so a busy moment hits them alike.
//
// Run: npx tsx bench/startup/compare.ts [--runs 10]     → bench/results/startup.md

import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { quantile } from "simple-statistics";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const runs = Number(values.runs);
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));

interface Variant {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Stop at the first output byte (time to the first event), then interrupt the run. */
  firstOutput?: boolean;
  /** Run just before the spawn (not timed). */
  before?: () => void;
  goalMs?: number;
}

/** Milliseconds from spawn to exit, or to the first output byte with firstOutput. */
function once(v: Variant): Promise<number> {
  v.before?.();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, v.args, { env: { ...process.env, NO_COLOR: "1", ...v.env }, stdio: ["ignore", "pipe", "pipe"] });
    let firstAt: number | undefined;
    const onData = () => {
      if (firstAt !== undefined || !v.firstOutput) return;
      firstAt = performance.now() - t0;
      child.kill("SIGINT");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(deadline);
      if (v.firstOutput) {
        if (firstAt === undefined) reject(new Error(`${v.name}: no output (exit ${code})`));
        else resolve(firstAt);
      } else if (code !== 0) reject(new Error(`${v.name}: exit ${code}`));
      else resolve(performance.now() - t0);
    });
  });
}

const out = await mkdtemp(join(tmpdir(), "meshcheck-bench-startup-"));
const runArgs = [BIN, "run", "--out", out, "--no-history"];
const TSX = { MESHCHECK_TSX: "1" };
// The Gateway API schema check's verdict cache (harness/preflight/schema-cache.ts): removed, the
// run compiles the CRD schemas as the first run after a clone or a CRD change does.
const SCHEMA_CACHE = fileURLToPath(new URL("../../node_modules/.cache/meshcheck/gateway-api-schema/", import.meta.url));
const coldSchemaCache = () => rmSync(SCHEMA_CACHE, { recursive: true, force: true });
const variants: Variant[] = [
  { name: "`node -e 0` (floor)", args: ["-e", "0"] },
  { name: "`meshcheck --version`", args: [BIN, "--version"], goalMs: 150 },
  { name: "`meshcheck --help`", args: [BIN, "--help"], goalMs: 150 },
  { name: "`meshcheck --version` through tsx", args: [BIN, "--version"], env: TSX },
  { name: "`meshcheck run`: first event", args: runArgs, firstOutput: true, goalMs: 400 },
  { name: "`meshcheck run`: first event, schema verdicts not cached", args: runArgs, firstOutput: true, before: coldSchemaCache },
  { name: "`meshcheck run`: first event through tsx", args: runArgs, firstOutput: true, env: TSX },
];

const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
try {
  // The first start after a source change builds the compiled CLI, and the first run fills the
  // schema verdict cache: neither is what the rows without "not cached" measure.
  await once(variants[4]!);
  for (let i = 0; i < runs; i++) for (const v of variants) times.get(v.name)!.push(await once(v));
} finally {
  await rm(out, { recursive: true, force: true });
}

const ms = (x: number) => x.toFixed(0);
const floor = times.get(variants[0]!.name)!;
const rows = variants.map((v, i) => {
  const t = times.get(v.name)!;
  const median = quantile(t, 0.5);
  // Paired with the same round's `node -e 0`: what the command adds to node's own start, which
  // a busy machine stretches as much as the command itself.
  const above = i === 0 ? "" : ms(quantile(t.map((x, k) => x - floor[k]!), 0.5));
  const goal = v.goalMs === undefined ? "" : `≤ ${v.goalMs}: ${median <= v.goalMs ? "met" : "**not met**"}`;
  return `| ${v.name} | ${ms(median)} | ${above} | ${ms(Math.min(...t))} | ${ms(Math.max(...t))} | ${goal} |`;
});
const med = (name: string) => quantile(times.get(name)!, 0.5);
const md = `# Start-up of the meshcheck command

Command: \`npx tsx bench/startup/compare.ts --runs ${runs}\`
Date: ${new Date().toISOString()} · machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${loadavg()[0]!.toFixed(2)} at the end (the machine is shared with other work)

Each row: ${runs} fresh node processes, rounds interleaving the rows. "Through tsx" is the
fallback (\`MESHCHECK_TSX=1\`: the sources compiled at every start, as before the compiled CLI,
but with the commands already imported lazily; before both changes \`--version\` also loaded
every command). The first event of \`run\` is the first byte it writes (the run's header line,
printed once the local mesh is up), measured from spawn; the run is then interrupted. "Schema
verdicts not cached": the Gateway API schema verdict cache is removed before each such start.

| command | median ms | median ms above node -e 0 (same round) | min ms | max ms | goal (on the median) |
| --- | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

Compiled vs tsx: \`--version\` ${(med(variants[3]!.name) / med(variants[1]!.name)).toFixed(1)}× faster, first event of \`run\` ${(med(variants[6]!.name) / med(variants[4]!.name)).toFixed(1)}× faster.
Schema verdicts cached vs not (the first run after a clone or a CRD change): first event ${(med(variants[5]!.name) / med(variants[4]!.name)).toFixed(1)}× faster.
The first event is the run's header line, written once the local mesh is up: it is also the
time to a ready mesh (no line comes before it). What it waits for besides node: loading the npm
packages of the mesh and the checks (undici, @peculiar/x509, hdr-histogram-js, yaml), preflight
parsing kind/ (the mesh reuses that parse), making the mesh's certificates and starting its
listeners; without cached verdicts also parsing the CRDs and compiling their schemas with ajv.
`;
await mkdir(new URL("../results/", import.meta.url), { recursive: true });
await writeFile(new URL("../results/startup.md", import.meta.url), md);
process.stdout.write(md);
