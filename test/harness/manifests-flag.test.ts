// `--manifests DIR`: a user's own copy of the mesh definition, tested on the local mesh before
// it is applied anywhere. A copy whose Deployment would crash-loop is exit 2 naming file:line;
// a copy whose Deployments lost their drain fails the disruption check, where the original passes.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunReport } from "../../harness/report/types.js";
import { parseRunArgs } from "../../harness/cli/run-args.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const MANIFESTS = fileURLToPath(new URL("../../kind/manifests/", import.meta.url));

function meshcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A copy of kind/manifests with `edit` applied to one file's text. */
async function copyWith(root: string, file: string, edit: (text: string) => string): Promise<string> {
  const dir = join(root, "manifests");
  await cp(MANIFESTS, dir, { recursive: true });
  const path = join(dir, file);
  const before = await readFile(path, "utf8");
  const after = edit(before);
  assert.notEqual(after, before, `the edit changed nothing in ${file}`);
  await writeFile(path, after);
  return dir;
}

const disruption = async (report: string) => (JSON.parse(await readFile(report, "utf8")) as RunReport).checks.find((c) => c.check === "disruption");

describe("meshcheck run --manifests DIR", function () {
  this.timeout(120_000);
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "meshcheck-manifests-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("parses, and refuses a missing directory or a non-local target with one line", () => {
    assert.equal(parseRunArgs(["--manifests", MANIFESTS]).manifests, MANIFESTS);
    assert.throws(() => parseRunArgs(["--manifests", join(MANIFESTS, "nope")]), /^UsageError: --manifests .*nope: not a directory/);
    assert.throws(() => parseRunArgs(["--manifests", MANIFESTS, "--target", "kind"]), /--manifests works only with --target local/);
  });

  it("a Deployment the echo app would refuse (VERSION: bogus): exit 2 naming file:line, nothing created", async () => {
    const dir = await copyWith(root, "20-workloads.yaml", (t) => t.replace("              value: v2\n", "              value: bogus\n"));
    const text = await readFile(join(dir, "20-workloads.yaml"), "utf8");
    const line = text.split("\n").indexOf("              value: bogus") + 1;
    const out = join(root, "out");
    const r = await meshcheck(["run", "--manifests", dir, "--check", "canary-split", "--out", out, "--no-history"]);
    assert.equal(r.code, 2, r.stderr);
    // Preflight runs first and finds it (the loader would say the same at the same line).
    const expected = `20-workloads.yaml:${line}: error: echo-config: Deployment workshop-app/workshop-app-v2: the echo container would exit 2 at start (CrashLoopBackOff): VERSION must be one of`;
    assert.ok(r.stderr.includes(expected), r.stderr);
    assert.equal(existsSync(out), false, "a configuration error creates no run directory");
  });

  it("the drain removed: the disruption check fails locally, where the original never does", async () => {
    const original = await meshcheck(["run", "--manifests", MANIFESTS, "--check", "disruption", "--out", join(root, "a"), "--no-history"]);
    // A loaded machine may leave the timing-judged original undecided (inconclusive, exit 3); it never fails.
    const status = (await disruption(join(root, "a", "run.json")))?.status;
    assert.ok(status === "pass" || status === "inconclusive", `original: ${status}: ${original.stderr}`);
    assert.equal(original.code, status === "pass" ? 0 : 3, original.stderr);

    const drainless = await copyWith(root, "20-workloads.yaml", (t) => t.replace(/ {10}lifecycle:\n {12}preStop:\n {14}sleep:\n {16}seconds: 5\n/g, ""));
    const r = await meshcheck(["run", "--manifests", drainless, "--check", "disruption", "--out", join(root, "b"), "--no-history"]);
    assert.equal(r.code, 1, r.stderr);
    const check = await disruption(join(root, "b", "run.json"));
    assert.equal(check?.status, "fail", check?.summary);
    assert.match(check?.summary ?? "", /SIGTERM at once \(no preStop\)/);
  });
});
