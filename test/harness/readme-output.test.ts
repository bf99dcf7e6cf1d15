// README's sample of what `make run` prints must be what the command prints: run the checks the
// sample shows, in a pipe and on a terminal (a pty from util-linux `script`), and compare line
// by line with run ids, numbers, durations and the run's verdict made neutral. Progress lines
// depend on how long a check takes, so they are left out of the comparison.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { terminalScreen } from "../support/terminal-screen.js";

const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const README = fileURLToPath(new URL("../../README.md", import.meta.url));

/** The fenced block after `<!-- sample: NAME -->` in the README. */
function sample(readme: string, name: string): string[] {
  const m = new RegExp(`<!-- sample: ${name} -->\\n\`\`\`\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  assert.ok(m, `README has no "<!-- sample: ${name} -->" block`);
  return m[1]!.split("\n");
}

/**
 * A line with what changes from run to run made neutral: ids, numbers, times, and the run's
 * verdict (the sample comes from a full run, which a busy machine may leave inconclusive in a
 * timing-judged check it does not show).
 */
function shape(line: string): string {
  return line
    .replace(/^meshcheck: (?:PASS|FAIL|COULD NOT TEST) — /, "meshcheck: <verdict> — ")
    .replace(/\d{8}T\d{6}Z-[0-9a-f]{6}/g, "<run>")
    .replace(/\d+(?:\.\d+)? (?:ms|s)\b/g, "<time>")
    .replace(/\d+(?:\.\d+)?/g, "<n>")
    .trimEnd();
}

const PROGRESS = /^ {2}… {4}\S+: .*\(\d+ s\)$/;
const START = /^ {2}… {4}\S+: /;
const isProgress = (l: string) => PROGRESS.test(l);
const isStart = (l: string) => START.test(l) && !isProgress(l);

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete e.FORCE_COLOR;
  return e;
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: env(), timeout: 240_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe("README: what make run prints", function () {
  this.timeout(300_000);
  let readme: string;
  let pipe: string[];
  let checks: string[];
  let dir: string;
  before(async () => {
    readme = await readFile(README, "utf8");
    pipe = sample(readme, "pipe");
    // Run exactly the checks the sample shows, so each of its lines can be compared.
    // A result line: status, check id, the API its target came from when it has one, then "(".
    checks = pipe.map((l) => /^ {2}[A-Z]+ +(\S+\/\S+) (?:[A-Za-z]+ )?\(/.exec(l)?.[1]).filter((id): id is string => id !== undefined);
    assert.ok(checks.length >= 1, "the sample shows no check result");
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-readme-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const selection = () => checks.flatMap((c) => ["--check", c]);

  it("in a pipe: the sample's lines, in order (progress lines by shape)", async () => {
    const r = await run(process.execPath, [BIN, "run", ...selection()], dir);
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stderr.trimEnd().split("\n");
    assert.deepEqual(pipe.filter((l) => !isProgress(l)).map(shape), printed.filter((l) => !isProgress(l)).map(shape), r.stderr);
    assert.ok(!r.stderr.includes("\u001b"), "no escape codes in a pipe");
  });

  it("on a terminal: the same lines without the start lines once the run is over, and the sample status line", async function () {
    if (spawnSync("script", ["--version"]).status !== 0) {
      console.log("      skipped: util-linux `script` is not installed (it gives the command a terminal)");
      this.skip();
    }
    const command = `stty cols 120 rows 50 && exec ${quote(process.execPath)} ${quote(BIN)} run ${selection().map(quote).join(" ")}`;
    const r = await run("script", ["-qec", command, "/dev/null"], dir);
    assert.equal(r.code, 0, r.stdout);
    // Logical lines: a row that wraps is still one line; a status line cleared leaves nothing.
    const screen = terminalScreen(r.stdout, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(
      pipe.filter((l) => !isStart(l) && !isProgress(l)).map(shape),
      screen.map(shape),
      r.stdout,
    );
    // Every frame the status line showed, without its colour.
    const frames = r.stdout
      // eslint-disable-next-line no-control-regex -- splitting on the terminal's control sequences is the point
      .split(/\r\u001b\[2K|\r?\n/)
      // eslint-disable-next-line no-control-regex
      .map((f) => f.replace(/\u001b\[[0-9;]*m/g, ""))
      .filter(isProgress)
      .map(shape);
    const [status, ...extra] = sample(readme, "status");
    assert.equal(extra.length, 0, "the status sample is one line");
    assert.ok(frames.includes(shape(status!)), `no status line of the shape ${shape(status!)} among ${JSON.stringify([...new Set(frames)])}`);
  });
});
