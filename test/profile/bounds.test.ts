// Profiles that cannot ask for the impossible: every number in the schema has a range, the
// ranges are the ones harness/profile/README.md documents, and the values that used to overflow
// a timer, exhaust memory or run for minutes are one-line profile errors (exit 2).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProfile } from "../../harness/profile/load.js";
import { validateProfile } from "../../harness/profile/validate.js";
import { ProfileError } from "../../harness/profile/profile-error.js";
import { targetProfileSchema } from "../../spec/profile/schema.js";
import { fullProfile, profileDir, profileErrorOf, type Loose } from "./samples.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const README = fileURLToPath(new URL("../../harness/profile/README.md", import.meta.url));

interface NumberSchema {
  type: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** Every number or integer in the schema, by a path like `circuitBreaking[].maxActive`. */
function numbersIn(schema: unknown, path: string, out: Map<string, NumberSchema>): Map<string, NumberSchema> {
  const s = schema as Loose;
  if (s === null || typeof s !== "object") return out;
  if (s.type === "number" || s.type === "integer") out.set(path, s as NumberSchema);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Loose)) numbersIn(v, path === "" ? k : `${path}.${k}`, out);
  if (s.items) numbersIn(s.items, `${path}[]`, out);
  if (typeof s.additionalProperties === "object") numbersIn(s.additionalProperties, `${path}.*`, out);
  for (const branch of (s.oneOf ?? []) as unknown[]) numbersIn(branch, path, out);
  return out;
}

const errorOf = (edit: (p: Loose) => void, dir: string): string => profileErrorOf(edit, dir);

describe("profile bounds", () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => ({ dir, remove } = await profileDir()));
  after(async () => remove());

  it("every number in the schema has an upper and a lower bound", () => {
    const numbers = numbersIn(targetProfileSchema, "", new Map());
    assert.ok(numbers.size >= 19, `found only ${numbers.size} numbers`);
    for (const [path, s] of numbers) {
      assert.ok(s.maximum !== undefined, `${path} has no maximum`);
      assert.ok(s.minimum !== undefined || s.exclusiveMinimum !== undefined, `${path} has no minimum`);
    }
  });

  it("harness/profile/README.md documents exactly the schema's ranges", () => {
    const rows = new Map<string, string>();
    for (const m of readFileSync(README, "utf8").matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)) rows.set(m[1]!, m[2]!.trim());
    const numbers = numbersIn(targetProfileSchema, "", new Map());
    for (const [path, s] of numbers) {
      const doc = rows.get(path);
      assert.ok(doc !== undefined, `${path} is not in the README's range table`);
      const whole = s.type === "integer" ? "whole, " : "";
      const low = s.minimum !== undefined ? `${s.minimum} to ${s.maximum}` : `above ${s.exclusiveMinimum}, at most ${s.maximum}`;
      assert.ok(doc.startsWith(`${whole}${low}`), `${path}: README says "${doc}", schema says "${whole}${low}"`);
    }
  });

  const cases: [string, (p: Loose) => void, RegExp][] = [
    ["warmupMs: 1e15 (overflowed a timer)", (p) => (p.disruption[0].warmupMs = 1e15), /^prof\.yaml: disruption\[0\]\.warmupMs: 1000000000000000 is out of range: must be a number from 0 to 60000 \(/],
    ["attempts: 1e9 (was exit 3)", (p) => (p.retries[0].attempts = 1e9), /retries\[0\]\.attempts: 1000000000 is out of range: must be a whole number from 0 to 10/],
    ["consecutiveErrors: 1e9 (ran 86 s)", (p) => (p.outlierDetection[0].consecutiveErrors = 1e9), /outlierDetection\[0\]\.consecutiveErrors: 1000000000 is out of range/],
    ["maxActive: 1e9 (4.4 GB, no report)", (p) => (p.circuitBreaking[0].maxActive = 1e9), /circuitBreaking\[0\]\.maxActive: 1000000000 is out of range: must be a whole number from 1 to 1000/],
    ["maxActive: 100000", (p) => (p.circuitBreaking[0].maxActive = 100_000), /maxActive: 100000 is out of range/],
    ["maxPending over 1000", (p) => (p.circuitBreaking[0].maxPending = 1001), /maxPending: 1001 is out of range/],
    ["timeoutMs 0 and huge", (p) => (p.timeouts[0].timeoutMs = 0), /timeouts\[0\]\.timeoutMs: 0 is out of range: must be a number above 0 and at most 30000/],
    ["timeoutMs huge", (p) => (p.timeouts[0].timeoutMs = 3e9), /timeoutMs: 3000000000 is out of range/],
    ["fixedDelayMs past the request timeout", (p) => (p.faultInjection[0].delay.fixedDelayMs = 5000), /fixedDelayMs: 5000 is out of range/],
    ["ratePerSec 1e6", (p) => (p.disruption[0].ratePerSec = 1e6), /disruption\[0\]\.ratePerSec: 1000000 is out of range/],
    ["settleMs 1e12", (p) => (p.disruption[0].settleMs = 1e12), /settleMs: 1000000000000 is out of range/],
    ["baseEjectionTimeMs a day", (p) => (p.outlierDetection[0].baseEjectionTimeMs = 86_400_000), /baseEjectionTimeMs: 86400000 is out of range/],
    ["intervalMs a day", (p) => (p.outlierDetection[0].intervalMs = 86_400_000), /intervalMs: 86400000 is out of range/],
    ["weight over 100", (p) => (p.canary[0].weights = { v1: 150, v2: -50 }), /canary\[0\]\.weights\.v1: 150 is out of range/],
    ["eleven outlier endpoints", (p) => (p.outlierDetection[0].endpoints = Array.from({ length: 11 }, (_, i) => ({ destination: `d${i}`, failRatio: i === 0 ? 1 : 0 }))), /outlierDetection\[0\]\.endpoints: must have at most 10 item/],
    ["a weight of \"ten\" is a type error naming the field", (p) => (p.canary[0].weights = { v1: 90, v2: "ten" }), /^prof\.yaml: canary\[0\]\.weights\.v2: must be a number \(/],
    ["authz with no allow: no positive control", (p) => (p.authz[0].allow = []), /^prof\.yaml: authz\[0\]\.allow: no allowed request, so a target that refuses everything would pass \(add at least one allow entry/],
    ["authz with no deny", (p) => (p.authz[0].deny = []), /^prof\.yaml: authz\[0\]\.deny: no denied request/],
  ];
  for (const [name, edit, expected] of cases) {
    it(name, () => assert.match(errorOf(edit, dir), expected));
  }

  it("the upper bounds themselves are accepted", () => {
    const p = fullProfile() as unknown as Loose;
    p.circuitBreaking[0].maxActive = 1000;
    p.circuitBreaking[0].maxPending = 1000;
    p.retries[0].attempts = 10;
    p.disruption[0].warmupMs = 60_000;
    p.outlierDetection[0].consecutiveErrors = 50;
    p.timeouts[0].timeoutMs = 30_000;
    validateProfile(p, "prof.yaml", { baseDir: dir });
  });

  it("a YAML alias bomb is one profile error line, not a stack trace", async () => {
    const file = join(dir, "bomb.yaml");
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    await writeFile(file, `apiVersion: meshcheck/v1\nkind: TargetProfile\nname: b\nidentify: {header: x}\nvantages: {}\n${levels.join("\n")}\n`);
    await assert.rejects(loadProfile(file), (e: Error) => e instanceof ProfileError && /bomb\.yaml: \(root\): YAML aliases expand too far/.test(e.message) && !e.message.includes("\n"));
  });

  it("authz against a server that answers 403 to everything: allow: [] is exit 2, never a pass", async function () {
    this.timeout(90_000);
    const server = createServer((_req, res) => res.writeHead(403).end("RBAC: access denied"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const run = (profile: string) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, "run", "--target", profile, "--out", join(dir, "authz-out"), "--no-history"], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, _o, stderr) =>
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
        );
      });
    try {
      const head = `apiVersion: meshcheck/v1\nkind: TargetProfile\nname: a\nidentify: {header: x-version}\nvantages: {outside: {kind: direct}}\n`;
      const noAllow = join(dir, "no-allow.yaml");
      await writeFile(noAllow, `${head}authz:\n  - {name: z, url: '${url}', allow: [], deny: [{vantage: outside, methods: [POST, DELETE]}]}\n`);
      const r = await run(noAllow);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /no-allow\.yaml: authz\[0\]\.allow: no allowed request, so a target that refuses everything would pass/);
      // With the control in place the same server is an error (the control got 403), not a pass.
      const withAllow = join(dir, "with-allow.yaml");
      await writeFile(withAllow, `${head}authz:\n  - {name: z, url: '${url}', allow: [{vantage: outside, methods: [GET]}], deny: [{vantage: outside, methods: [POST, DELETE]}]}\n`);
      const ok = await run(withAllow);
      assert.equal(ok.code, 3, ok.stderr);
      assert.match(ok.stderr, /ERROR authz-policy\/z .*positive control failed: outside GET got status:403/);
    } finally {
      server.close();
    }
  });

  it("on the command line: warmupMs 1e15 and an alias bomb are exit 2 with one line", async function () {
    this.timeout(90_000);
    const run = (profile: string) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, "run", "--target", profile, "--out", join(dir, "out"), "--no-history"], { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 }, (err, _o, stderr) =>
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
        );
      });
    const warm = join(dir, "warm.yaml");
    await writeFile(
      warm,
      "apiVersion: meshcheck/v1\nkind: TargetProfile\nname: w\nidentify: {header: x-version}\nvantages: {}\ndisruption:\n  - {name: d, url: 'http://127.0.0.1:1/', destination: prod, ratePerSec: 10, warmupMs: 1e15, settleMs: 1000, budget: 0.1, restart: {kind: local, url: 'http://127.0.0.1:1/restart'}}\n",
    );
    const bomb = join(dir, "bomb2.yaml");
    await writeFile(bomb, "apiVersion: meshcheck/v1\nkind: TargetProfile\nname: &n b\nidentify: {header: x}\nvantages: {}\na: &a [*n, *n, *n, *n, *n, *n, *n, *n, *n, *n]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
    for (const [file, line] of [
      [warm, /warm\.yaml: disruption\[0\]\.warmupMs: 1000000000000000 is out of range/],
      [bomb, /bomb2\.yaml: \(root\): YAML aliases expand too far/],
    ] as const) {
      const r = await run(file);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.trim().split("\n").filter((l) => !l.includes("renderings written"));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, line);
    }
  });
});
