import assert from "node:assert/strict";
import { durationEnv, durationText, knobEnv, parseDuration, profilePath, tagSafe } from "../../scenarios/lib/env.js";
import { KNOBS } from "../../spec/knobs.js";
import { loadTargets, minimumRequests } from "../../scenarios/lib/load-plan.js";
import { awaitConvergence } from "../../spec/convergence.js";
import { generateHeaderCases } from "../../spec/route-match.js";
import * as harnessCases from "../../spec/route-match.js";
import * as harnessRules from "../../spec/route-match.js";
import * as shared from "../../spec/route-match.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const profile: TargetProfile = {
  apiVersion: "meshcheck/v1",
  kind: "TargetProfile",
  name: "p",
  identify: { header: "x-version" },
  vantages: {},
  routing: [{ name: "r", url: "http://g/", host: "a.local", rules: [{ match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" }, { destination: "prod" }] }],
  canary: [{ name: "c", url: "http://g/", host: "c.local", weights: { v1: 100, v2: 0 } }],
};

describe("scenarios/lib env, load plan, convergence", () => {
  it("the harness's header cases and route rules are the scenarios' own functions, not a copy", () => {
    assert.equal(harnessCases.generateHeaderCases, shared.generateHeaderCases);
    assert.equal(harnessCases.sampleValue, shared.sampleValue);
    assert.equal(harnessRules.expectedFor, shared.expectedFor);
    assert.equal(harnessRules.matchesString, shared.matchesString);
  });

  it("reads numbers and durations from -e variables with one-line errors", () => {
    assert.equal(knobEnv({}, KNOBS.loadRate), 50);
    assert.equal(knobEnv({ RATE: "7" }, KNOBS.loadRate), 7);
    assert.throws(() => knobEnv({ RATE: "7.5" }, KNOBS.loadRate), /^EnvError: -e RATE=7\.5: expected a whole number from 1 to 100000$/);
    assert.throws(() => knobEnv({ RATE: " " }, KNOBS.loadRate), /-e RATE= : expected a whole number/);
    assert.equal(knobEnv({}, KNOBS.expectErrorRate, 0.25), 0.25, "a computed default comes from the caller");
    assert.throws(() => knobEnv({}, KNOBS.expectErrorRate), /-e EXPECT_ERROR_RATE: no default/);
    assert.equal(parseDuration("1h30m"), 5400);
    assert.equal(parseDuration("500ms"), 0.5);
    assert.throws(() => parseDuration("5 minutes"), /expected a k6 duration/);
    assert.deepEqual(durationEnv({ DURATION: "90s" }, KNOBS.loadDurationS), { text: "90s", seconds: 90 });
    assert.deepEqual(durationEnv({}, KNOBS.loadDurationS), { text: "1m", seconds: 60 });
    assert.deepEqual(durationEnv({}, KNOBS.disruptionDurationS), { text: "40s", seconds: 40 });
    assert.throws(() => durationEnv({ DURATION: "25h" }, KNOBS.loadDurationS), /^EnvError: -e DURATION=25h: expected a duration from 1 to 86400 seconds$/);
    assert.equal(durationText(5400), "90m");
    assert.equal(durationText(7200), "2h");
  });

  it("wants an absolute profile path, because k6 resolves open() from the script", () => {
    assert.equal(profilePath({ PROFILE: "/tmp/p.json" }), "/tmp/p.json");
    assert.throws(() => profilePath({ PROFILE: "p.json" }), /give an absolute path/);
    assert.throws(() => profilePath({}), /-e PROFILE=/);
  });

  it("keeps tag values out of k6's threshold selector syntax", () => {
    assert.equal(tagSafe("workshop-canary", "x"), "workshop-canary");
    assert.throws(() => tagSafe("a,b", "target"), /cannot be a k6 threshold tag/);
    assert.throws(() => tagSafe("a:b", "target"), /cannot be a k6 threshold tag/);
  });

  it("sends load to every routing case and canary target, expecting what the rules say", () => {
    const targets = loadTargets(profile, generateHeaderCases);
    const byName = Object.fromEntries(targets.map((t) => [t.name, t]));
    assert.deepEqual(byName["r.0"]?.expect, ["dest:prod"]);
    assert.deepEqual(byName["r.1"], { name: "r.1", description: "r: rule 0 matches", url: "http://g/", host: "a.local", headers: { "x-env": "dev" }, expect: ["dest:dev"] });
    // a weight-0 destination answering is wrong
    assert.deepEqual(byName.c?.expect, ["dest:v1"]);
    assert.throws(() => loadTargets({ ...profile, routing: undefined, canary: undefined } as TargetProfile, generateHeaderCases), /nothing for load\.ts/);
  });

  it("splits the minimum request count over operator instances", () => {
    assert.equal(minimumRequests(50, 60, 1), 2700);
    assert.equal(minimumRequests(50, 60, 4), 675);
  });

  it("converges only on N answers in a row, and gives up at the deadline", () => {
    let t = 0;
    const answers = ["status:404", "dest:prod", "status:503", "dest:prod", "dest:prod", "dest:prod"];
    const clock = { now: () => t, sleep: (s: number) => void (t += s * 1000) };
    const ok = awaitConvergence(() => answers.shift() ?? "dest:prod", (k) => k === "dest:prod", { threshold: 3, timeoutMs: 10_000, intervalMs: 100, unreachableAfterMs: 10_000, ...clock });
    assert.deepEqual(ok, { converged: true, attempts: 6 });
    t = 0;
    const never = awaitConvergence(() => "error:ECONNREFUSED", (k) => k === "dest:prod", { threshold: 3, timeoutMs: 1_000, intervalMs: 100, unreachableAfterMs: 10_000, ...clock });
    assert.equal(never.converged, false);
    assert.equal(never.last, "error:ECONNREFUSED");
    assert.equal(never.attempts, 11);
    assert.equal(never.gaveUp, "timeout");
  });
});
