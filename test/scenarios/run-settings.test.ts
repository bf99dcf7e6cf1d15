// The runtime-neutral parts of what every scenario run shares: the testid, the reports
// directory check, and load.ts's reachability probes.
import assert from "node:assert/strict";
import { EnvError } from "../../scenarios/lib/env.js";
import { reachabilityProbes, type LoadTarget } from "../../scenarios/lib/load-plan.js";
import { reportsDir, reportsDirError } from "../../scenarios/lib/reports-dir.js";
import { testidFrom } from "../../scenarios/lib/testid.js";

describe("scenarios/lib run settings", () => {
  it("takes -e TESTID as given, refuses one unfit for a label, and otherwise makes one from the time", () => {
    const now = new Date("2026-11-30T23:04:05.678Z");
    assert.equal(testidFrom({ TESTID: "ci-1234.5" }, now, () => 0.5), "ci-1234.5");
    assert.throws(() => testidFrom({ TESTID: "a b" }, now, () => 0.5), (e: unknown) => e instanceof EnvError && /-e TESTID=a b/.test((e as Error).message));
    assert.equal(testidFrom({}, now, () => 0), "mc-20261130T230405Z-0000");
    assert.notEqual(testidFrom({}, now, () => 0.1), testidFrom({}, now, () => 0.2));
    assert.match(testidFrom({ TESTID: "" }, now, Math.random), /^mc-20261130T230405Z-[0-9a-z]{4}$/);
  });

  it("checks the reports directory where handleSummary will write it", () => {
    assert.deepEqual(reportsDir({}), { dir: "reports" });
    assert.deepEqual(reportsDir({ PWD: "/work/repo/" }), { dir: "reports", absolute: "/work/repo/reports" });
    assert.deepEqual(reportsDir({ REPORTS_DIR: "/tmp/r", PWD: "/x" }), { dir: "/tmp/r", absolute: "/tmp/r" });
    // k6's open() refuses a directory: that refusal is the proof it exists.
    assert.equal(reportsDirError("/tmp/r", "/tmp/r", `GoError: open() can't be used with directories, path: "/tmp/r"`), undefined);
    const missing = reportsDirError("out", "/w/out", "GoError: stat /w/out: no such file or directory");
    assert.ok(missing instanceof EnvError);
    assert.match(missing.message, /^-e REPORTS_DIR=out: \/w\/out does not exist; create the directory/);
    assert.match(reportsDirError("f", "/w/f", undefined)!.message, /\/w\/f is a file/);
  });

  it("probes each place load.ts sends to once", () => {
    const t = (name: string, url: string, extra: Partial<LoadTarget> = {}): LoadTarget => ({ name, description: name, url, headers: {}, expect: ["dest:v1"], ...extra });
    const targets = [t("r.0", "http://a/"), t("r.1", "http://a/", { headers: { x: "1" } }), t("r.2", "http://a/", { host: "h" }), t("c", "http://a/", { vantage: "fw" }), t("d", "http://b/")];
    assert.deepEqual(reachabilityProbes(targets).map((x) => x.name), ["r.0", "r.2", "c", "d"]);
  });
});
