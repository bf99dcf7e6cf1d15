// The human printer against fake streams: a pipe (isTTY false) and terminals of given widths,
// with a hand-driven clock, so nothing here waits on real time.
import assert from "node:assert/strict";
import { createConsolePrinter, formatSummary, QUIET_MS, TICK_MS, type Clock } from "../../harness/printers/console.js";
import { fitLine, countedColumns } from "../../harness/printers/fit-line.js";
import { colorWanted, makeStyle } from "../../harness/printers/style.js";
import type { CheckResult, RunReport } from "../../harness/report/types.js";
import { terminalScreen as screen } from "../support/terminal-screen.js";

const ESC = "\u001b";
const CLEAR = `\r${ESC}[2K`;

const result = {
  id: "canary-split/c",
  check: "canary-split",
  feature: "canary",
  target: "c",
  description: "d",
  status: "fail",
  summary: "v1 80% of expected 90%",
  requests: 250,
  durationMs: 1200,
} as CheckResult;

class FakeClock implements Clock {
  t = 0;
  private timers: { ms: number; next: number; fn: () => void }[] = [];
  now = () => this.t;
  every = (ms: number, fn: () => void) => {
    const timer = { ms, next: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  };
  /** Moves time on, firing each timer as often as it would have fired. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.t = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.t = end;
  }
  get active(): number {
    return this.timers.length;
  }
}

function fake(isTTY: boolean, columns?: number, color = false) {
  let out = "";
  const clock = new FakeClock();
  const stream = { isTTY, columns, write: (t: string) => (out += t) };
  const p = createConsolePrinter({ stream, color, clock });
  return { p, clock, stream, out: () => out, lines: () => out.split("\n").filter((l) => l !== "") };
}

describe("console printer", () => {
  describe("not a terminal", () => {
    it("one line per event: the check's start and its result", () => {
      const c = fake(false);
      c.p({ type: "check-start", id: "canary-split/c", description: "canary 90/10" });
      c.p({ type: "check-end", result });
      assert.deepEqual(c.lines(), ["  …    canary-split/c: canary 90/10", "  FAIL canary-split/c (250 req, 1.2 s): v1 80% of expected 90%"]);
      assert.ok(!c.out().includes(ESC), "no escape codes in a pipe");
    });

    it("a long check writes a progress line at least every QUIET_MS + TICK_MS, with readable counts", () => {
      const c = fake(false);
      c.p({ type: "check-start", id: "canary-split/c", description: "d" });
      // Progress events close together print nothing new…
      c.clock.advance(100);
      c.p({ type: "check-progress", id: "canary-split/c", requests: 50, detail: "answers", counts: { "dest:v2": 8, "dest:v1": 42 } });
      assert.equal(c.lines().length, 1);
      // …but the check is never silent for long, whether or not it reports progress.
      let longestGap = 0;
      let last = 0;
      let seen = c.lines().length;
      for (let t = 0; t < 30_000; t += 250) {
        c.clock.advance(250);
        if (t === 6_000) c.p({ type: "check-progress", id: "canary-split/c", requests: 530, detail: "answers", counts: { "dest:v1": 470, "dest:v2": 60 } });
        if (c.lines().length > seen) {
          seen = c.lines().length;
          longestGap = Math.max(longestGap, c.clock.now() - last);
          last = c.clock.now();
        }
      }
      assert.ok(seen >= 5, `only ${seen} lines in 30 s`);
      assert.ok(longestGap <= QUIET_MS + TICK_MS, `silent for ${longestGap} ms`);
      const progress = c.lines().slice(1);
      assert.match(progress[0]!, /^ {2}… {4}canary-split\/c: 50 requests, answers v1 42, v2 8 \(\d+ s\)$/);
      assert.ok(progress.some((l) => l.includes("530 requests, answers v1 470, v2 60")));
      assert.ok(!c.out().includes("{"), "no raw JSON");
    });

    it("stops its clock when the check ends, so nothing is written between checks", () => {
      const c = fake(false);
      c.p({ type: "check-start", id: "canary-split/c", description: "d" });
      assert.equal(c.clock.active, 1);
      c.p({ type: "check-end", result });
      assert.equal(c.clock.active, 0);
      const before = c.out();
      c.clock.advance(60_000);
      assert.equal(c.out(), before);
    });

    it("checks running at once: a start and a result line each, progress lines naming every running check, one clock", () => {
      const c = fake(false);
      c.p({ type: "check-start", id: "canary-split/c", description: "canary" });
      c.p({ type: "check-start", id: "retries/r", description: "retries" });
      c.p({ type: "check-start", id: "header-routing/h", description: "routing" });
      assert.equal(c.clock.active, 1, "one ticker for all of them");
      c.p({ type: "check-progress", id: "retries/r", requests: 40, detail: "answers" });
      c.clock.advance(QUIET_MS + TICK_MS);
      assert.deepEqual(c.lines().slice(0, 3), ["  …    canary-split/c: canary", "  …    retries/r: retries", "  …    header-routing/h: routing"]);
      assert.equal(c.lines().length, 4, c.lines().join("\n"));
      assert.match(c.lines()[3]!, /^ {2}… {4}3 running: canary-split\/c, retries\/r \(40 requests\), header-routing\/h \(\d+ s\)$/);
      // A check ending takes only itself off the line; the others still get progress lines.
      c.p({ type: "check-end", result: { ...result, id: "retries/r" } });
      assert.equal(c.clock.active, 1);
      c.clock.advance(QUIET_MS + TICK_MS);
      assert.match(c.lines().at(-1)!, /^ {2}… {4}2 running: canary-split\/c, header-routing\/h \(\d+ s\)$/);
      c.p({ type: "check-end", result: { ...result, id: "header-routing/h" } });
      assert.match(c.lines().at(-1)!, /^ {2}FAIL header-routing\/h /);
      c.clock.advance(QUIET_MS + TICK_MS);
      assert.match(c.lines().at(-1)!, /^ {2}… {4}canary-split\/c: canary \(\d+ s\)$/, "one left: the single-check line again");
      c.p({ type: "check-end", result });
      assert.equal(c.clock.active, 0);
    });
  });

  describe("a terminal", () => {
    it("the status line is rewritten in place and cleared before the result", () => {
      const c = fake(true, 120, true);
      c.p({ type: "check-start", id: "canary-split/c", description: "d" });
      c.p({ type: "check-progress", id: "canary-split/c", requests: 50, detail: "answers", counts: { "dest:v1": 42, "dest:v2": 8 } });
      c.p({ type: "check-end", result });
      const out = c.out();
      assert.match(out, /50 requests, answers v1 42, v2 8/);
      assert.equal(out.split(CLEAR).length - 1, 2, "progress and end each clear the live line");
      assert.ok(out.includes(`${ESC}[31mFAIL${ESC}[0m canary-split/c`), "FAIL in red");
      assert.deepEqual(screen(out, 120), ["  FAIL canary-split/c (250 req, 1.2 s): v1 80% of expected 90%"]);
    });

    for (const columns of [40, 80]) {
      it(`at ${columns} columns a long status line fits one row, so the clear leaves nothing behind`, () => {
        const c = fake(true, columns);
        const id = "canary-split/a-canary-with-a-rather-long-name-from-the-profile";
        c.p({ type: "check-start", id, description: "GETs through the gateway until the statistics decide" });
        c.p({ type: "check-progress", id, requests: 4321, detail: "answers", counts: { "dest:workshop-app-v1": 3900, "dest:workshop-app-v2": 421, "status:503": 0 } });
        c.clock.advance(3 * TICK_MS);
        // While the check runs the terminal shows exactly one row, no wider than the terminal.
        const during = screen(c.out(), columns);
        assert.equal(during.length, 1, `several rows: ${JSON.stringify(during)}`);
        assert.ok(during[0]!.length < columns);
        assert.match(during[0]!, /…$/);
        c.p({ type: "check-end", result: { ...result, id } });
        const after = screen(c.out(), columns);
        assert.ok(after.every((r) => !r.includes("4321 requests")), `a stale status row stayed: ${JSON.stringify(after)}`);
      });
    }

    it("checks running at once share the one status line; a result line leaves the others on it", () => {
      const c = fake(true, 120);
      c.p({ type: "check-start", id: "canary-split/c", description: "d" });
      c.p({ type: "check-start", id: "retries/r", description: "d" });
      c.p({ type: "check-progress", id: "canary-split/c", requests: 50, detail: "answers" });
      c.clock.advance(2 * TICK_MS);
      assert.deepEqual(screen(c.out(), 120), ["  …    2 running: canary-split/c (50 requests), retries/r (2 s)"]);
      c.p({ type: "check-end", result: { ...result, id: "retries/r" } });
      assert.deepEqual(screen(c.out(), 120), ["  FAIL retries/r (250 req, 1.2 s): v1 80% of expected 90%", "  …    canary-split/c: 50 requests, answers (2 s)"]);
      c.p({ type: "check-end", result });
      assert.equal(screen(c.out(), 120).length, 2, "no status line once none runs");
    });

    it("a warning during a check is a permanent line, and the status line comes back under it", () => {
      const c = fake(true, 100);
      c.p({ type: "check-start", id: "x/y", description: "d" });
      c.p({ type: "warning", message: "slow target" });
      assert.deepEqual(screen(c.out(), 100), ["meshcheck: warning: slow target", "  …    x/y: d (0 s)"]);
    });

    it("a line logged from outside the run (Ctrl-C's notice) goes above the status line, not onto its row", () => {
      const c = fake(true, 100);
      c.p({ type: "check-start", id: "x/y", description: "d" });
      c.p.log("meshcheck: SIGINT: stopping the current check\n");
      assert.deepEqual(screen(c.out(), 100), ["meshcheck: SIGINT: stopping the current check", "  …    x/y: d (0 s)"]);
    });

    it("idle() erases the status line and stops the clock, with no result line", () => {
      const c = fake(true, 100);
      c.p({ type: "check-start", id: "load", description: "sending" });
      c.p({ type: "check-progress", id: "load", requests: 40, detail: "0 failed" });
      c.p.idle();
      assert.equal(c.clock.active, 0);
      c.clock.advance(10 * TICK_MS);
      assert.deepEqual(screen(c.out(), 100), []);
    });

    it("the status line shows the time elapsed, repainted while a check is quiet", () => {
      const c = fake(true, 100);
      c.p({ type: "check-start", id: "disruption/p", description: "restart under load" });
      c.clock.advance(7 * TICK_MS);
      assert.deepEqual(screen(c.out(), 100), ["  …    disruption/p: restart under load (7 s)"]);
    });
  });

  describe("fitLine", () => {
    it("leaves the last column free and counts non-ASCII as two columns", () => {
      assert.equal(fitLine("abcdef", 7), "abcdef");
      assert.equal(fitLine("abcdefg", 7), "abcd…");
      assert.equal(countedColumns(fitLine("名前名前名前名前", 9)), 8);
      assert.equal(fitLine("a\nb\x1b[2Jc", 80), "a?b?[2Jc", "control characters cannot move the cursor");
    });
  });

  describe("summary", () => {
    const checks = [4_000, 9_000, 2_500, 6_000].map((durationMs) => ({ ...result, durationMs }));
    const report = { counts: { pass: 3, fail: 0, error: 0, inconclusive: 1, skipped: 0 }, verdict: "could-not-test", durationMs: 13_000, exitCode: 3, problems: [], checks } as unknown as RunReport;
    it("gives the run's wall time and the sum of its checks' times", () => {
      assert.match(formatSummary(report), /: 4 checks in 13\.0 s; 21\.5 s of check time \(exit 3\)$/);
    });
    it("colours a count only when it is not zero", () => {
      const s = formatSummary(report, makeStyle(true));
      assert.ok(s.includes(`${ESC}[32m3 passed${ESC}[0m`));
      assert.ok(s.includes(`${ESC}[33m1 inconclusive${ESC}[0m`));
      for (const zero of ["0 failed", "0 errors", "0 skipped"]) {
        assert.ok(s.includes(`, ${zero}`), `${zero} is coloured: ${JSON.stringify(s)}`);
      }
    });
  });

  describe("colour (no-color.org, FORCE_COLOR)", () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    const table: [string, { isTTY: boolean }, NodeJS.ProcessEnv, boolean][] = [
      ["a terminal", tty, {}, true],
      ["a pipe", pipe, {}, false],
      ["NO_COLOR=1", tty, { NO_COLOR: "1" }, false],
      ["NO_COLOR=0 (any value)", tty, { NO_COLOR: "0" }, false],
      ["NO_COLOR empty counts as unset", tty, { NO_COLOR: "" }, true],
      ["TERM=dumb", tty, { TERM: "dumb" }, false],
      ["FORCE_COLOR=1 in a pipe", pipe, { FORCE_COLOR: "1" }, true],
      ["FORCE_COLOR=true in a pipe", pipe, { FORCE_COLOR: "true" }, true],
      ["FORCE_COLOR=3 in a pipe", pipe, { FORCE_COLOR: "3" }, true],
      ["FORCE_COLOR=0 on a terminal", tty, { FORCE_COLOR: "0" }, false],
      ["FORCE_COLOR=false on a terminal", tty, { FORCE_COLOR: "false" }, false],
      ["FORCE_COLOR empty counts as unset", pipe, { FORCE_COLOR: "" }, false],
      ["FORCE_COLOR wins over NO_COLOR", pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
      ["FORCE_COLOR=0 with NO_COLOR empty", tty, { FORCE_COLOR: "0", NO_COLOR: "" }, false],
    ];
    for (const [name, stream, env, want] of table) {
      it(`${name}: ${want ? "colour" : "no colour"}`, () => assert.equal(colorWanted(stream, env), want));
    }
  });
});
