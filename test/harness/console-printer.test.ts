import assert from "node:assert/strict";
import { createConsolePrinter } from "../../harness/printers/console.js";
import { colorWanted } from "../../harness/printers/style.js";
import type { CheckResult } from "../../harness/report/types.js";

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

function capture(tty: boolean, color: boolean) {
  let out = "";
  const p = createConsolePrinter({ write: (t) => (out += t), tty, color });
  return { p, out: () => out };
}

describe("console printer", () => {
  it("plain mode: one line per finished check, no live line, no colour", () => {
    const c = capture(false, false);
    c.p({ type: "check-start", id: "canary-split/c", description: "d" });
    c.p({ type: "check-progress", id: "canary-split/c", requests: 50, detail: "x" });
    c.p({ type: "check-end", result });
    assert.equal(c.out(), "  FAIL canary-split/c (250 req, 1.2 s): v1 80% of expected 90%\n");
  });

  it("TTY mode: a live line is rewritten in place, then cleared before the result", () => {
    const c = capture(true, true);
    c.p({ type: "check-start", id: "canary-split/c", description: "d" });
    c.p({ type: "check-progress", id: "canary-split/c", requests: 50, detail: "{}" });
    c.p({ type: "check-end", result });
    const out = c.out();
    assert.match(out, /50 requests/);
    const ESC = "\u001b";
    assert.equal(out.split(`\r${ESC}[2K`).length - 1, 2, "progress and end each clear the live line");
    assert.ok(out.includes(`${ESC}[31mFAIL${ESC}[0m canary-split/c`), "FAIL in red");
    assert.ok(out.endsWith("\n"));
  });

  it("colour only on a TTY without NO_COLOR", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    assert.equal(colorWanted(tty, {}), true);
    assert.equal(colorWanted(tty, { NO_COLOR: "1" }), false);
    assert.equal(colorWanted(pipe, {}), false);
  });
});
