// The output pre-flight: every way a report path can be wrong is one UsageError line naming the
// flag, found without creating anything; and making directories never hangs (Node's recursive
// mkdir loops forever on /proc/x).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../harness/errors.js";
import { checkOutputDir, checkOutputFile, makeDirs } from "../../harness/output/paths.js";
import { writeRunReportOrFallback } from "../../harness/report/write-or-fallback.js";
import { writeFileAtomic } from "../../harness/report/write.js";
import type { RunReport } from "../../harness/report/types.js";

/** Rejects when `p` has not settled within `ms`: a hang is a failure, not a stuck suite. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

async function usageLine(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => assert.fail("expected a UsageError"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UsageError, String(err));
  assert.doesNotMatch(err.message, /\n/);
  return err.message;
}

describe("output paths", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-paths-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts a missing directory under a writable one, and creates nothing", async () => {
    await checkOutputDir("--out", join(dir, "a", "b"));
    await checkOutputFile("--history", join(dir, "c", "h.jsonl"));
    assert.deepEqual(await readdir(dir), []);
  });

  it("--out naming a file, or a path under a file: one line naming the flag and the file", async () => {
    const file = join(dir, "f");
    await writeFile(file, "x");
    assert.match(await usageLine(checkOutputDir("--out", file)), /^--out .*\/f: is a file, not a directory \(/);
    assert.match(await usageLine(checkOutputDir("--out", join(file, "sub", "x"))), /\/f is a file, so nothing can be created under it/);
    assert.match(await usageLine(checkOutputFile("--history", join(file, "h.jsonl"))), /^--history .*\/f is a file/);
  });

  it("a file flag naming a directory is refused", async () => {
    assert.match(await usageLine(checkOutputFile("--metrics-file", dir)), /^--metrics-file .*: is a directory, not a file/);
    assert.match(await usageLine(checkOutputFile("--metrics-file", `${dir}/`)), /names a directory/);
  });

  it("a device is refused: an atomic write would rename a temp file over /dev/null", async function () {
    if (!existsSync("/dev/null")) this.skip();
    assert.match(await usageLine(checkOutputFile("--metrics-file", "/dev/null")), /^--metrics-file \/dev\/null: is not a regular file/);
  });

  it("an unwritable place (/proc, /sys) is refused at once", async function () {
    if (!existsSync("/proc/self")) this.skip();
    assert.match(await usageLine(within(5_000, checkOutputDir("--out", "/proc/x"))), /cannot create anything in \/proc/);
    assert.match(await usageLine(within(5_000, checkOutputFile("--history", "/proc/x/h.jsonl"))), /^--history \/proc\/x\/h\.jsonl: cannot create anything in \/proc/);
  });

  it("makeDirs creates missing levels, and fails fast instead of hanging on /proc/x", async function () {
    await makeDirs(join(dir, "p", "q"));
    await makeDirs(join(dir, "p", "q"));
    assert.ok(existsSync(join(dir, "p", "q")));
    await writeFile(join(dir, "file"), "x");
    await assert.rejects(makeDirs(join(dir, "file", "sub")), /is a file, not a directory/);
    if (!existsSync("/proc/self")) this.skip();
    await assert.rejects(within(5_000, makeDirs("/proc/x/y")), (e: NodeJS.ErrnoException) => e.code === "ENOENT");
    await assert.rejects(within(5_000, writeFileAtomic("/proc/x/run.json", "{}")), (e: NodeJS.ErrnoException) => e.code === "ENOENT");
  });

  it("a report that cannot be written where asked goes to a fresh temp dir, and says so", async () => {
    const file = join(dir, "f");
    await writeFile(file, "x");
    const lines: string[] = [];
    const report = { runId: "20260101T000000Z-abcdef", exitCode: 0 } as unknown as RunReport;
    const w = await writeRunReportOrFallback(file, report, (l) => lines.push(l));
    try {
      assert.ok(w.moved);
      assert.equal(w.moved.from, file);
      assert.ok(w.path.startsWith(tmpdir()), w.path);
      assert.ok(existsSync(w.path));
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, new RegExp(`could not write the report to ${file} \\(\\w+\\); wrote it to ${w.path} instead`));
    } finally {
      await rm(w.dir, { recursive: true, force: true });
    }
    const ok = await writeRunReportOrFallback(join(dir, "good"), report, (l) => lines.push(l));
    assert.equal(ok.moved, undefined);
    assert.equal(ok.path, join(dir, "good", "run.json"));
  });
});
