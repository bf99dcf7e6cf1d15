import assert from "node:assert/strict";
import { generateHeaderCases, sampleValue } from "../../spec/route-match.js";
import { expectedFor } from "../../spec/route-match.js";
import type { RouteRule } from "../../spec/profile/types.js";

const envRules: RouteRule[] = [{ match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" }, { destination: "prod" }];

describe("header routing cases", () => {
  it("derives every case's expectation from the rules: first match wins", () => {
    const { cases, problems } = generateHeaderCases(envRules);
    assert.deepEqual(problems, []);
    const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
    assert.deepEqual(byName["no routing headers"], { name: "no routing headers", headers: {}, expected: "dest:prod" });
    assert.equal(byName["rule 0 matches"]?.expected, "dest:dev");
    // header names are case-insensitive: still dev
    assert.deepEqual(byName["rule 0: header name X-ENV (names are case-insensitive)"]?.headers, { "X-ENV": "dev" });
    assert.equal(byName["rule 0: header name X-ENV (names are case-insensitive)"]?.expected, "dest:dev");
    // values are case-sensitive, near misses and prefixes do not match
    assert.equal(byName["rule 0: x-env value case changed (values are case-sensitive)"]?.expected, "dest:prod");
    assert.deepEqual(byName['rule 0: x-env near miss "dev2"']?.headers, { "x-env": "dev2" });
    assert.equal(byName['rule 0: x-env near miss "dev2"']?.expected, "dest:prod");
    assert.equal(byName['rule 0: x-env shortened "de"']?.expected, "dest:prod");
    assert.equal(byName["rule 0: x-env empty"]?.expected, "dest:prod");
    assert.equal(cases.length, 7);
  });

  it("expects Envoy's 404 where no rule matches", () => {
    const rules: RouteRule[] = [{ match: { headers: { "x-env": { exact: "dev" } } }, destination: "dev" }];
    assert.equal(expectedFor(rules, {}), "status:404");
    assert.equal(expectedFor(rules, { "X-Env": "dev" }), "dest:dev");
  });

  it("tests prefix rules with the bare prefix and a value one character short", () => {
    const rules: RouteRule[] = [{ match: { headers: { "x-team": { prefix: "pay" } } }, destination: "payments" }, { destination: "prod" }];
    const { cases } = generateHeaderCases(rules);
    const find = (v: string) => cases.find((c) => c.headers["x-team"] === v);
    assert.equal(find("pay-canary")?.expected, "dest:payments");
    assert.equal(find("pay")?.expected, "dest:payments");
    assert.equal(find("pa")?.expected, "dest:prod");
  });

  it("treats regex as a full match and derives a sample value when it can", () => {
    assert.equal(sampleValue({ regex: "^dev$" }), "dev");
    assert.equal(sampleValue({ regex: "dev-.*" }), "dev-");
    assert.equal(sampleValue({ regex: "dev-[a-z0-9]+" }), "dev-a", "a character class as its first character");
    const rules: RouteRule[] = [{ match: { headers: { "x-env": { regex: "dev" } } }, destination: "dev" }, { destination: "prod" }];
    // "dev2" would match an unanchored search; a full match must not
    assert.equal(expectedFor(rules, { "x-env": "dev2" }), "dest:prod");
    assert.equal(expectedFor(rules, { "x-env": "dev" }), "dest:dev");
  });

  it("reports a regex it cannot invert instead of silently testing less", () => {
    const { problems } = generateHeaderCases([{ match: { headers: { "x-env": { regex: "[0-9]{3}" } } }, destination: "d" }, { destination: "p" }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /cannot derive a value matching x-env regex/);
  });

  it("requires every header of a multi-header rule, and tests each one absent", () => {
    const rules: RouteRule[] = [{ match: { headers: { "x-env": { exact: "dev" }, "x-user": { exact: "qa" } } }, destination: "dev" }, { destination: "prod" }];
    const { cases } = generateHeaderCases(rules);
    assert.equal(cases.find((c) => c.name === "rule 0 matches")?.expected, "dest:dev");
    const absent = cases.filter((c) => c.name.endsWith("absent"));
    assert.equal(absent.length, 2);
    for (const c of absent) assert.equal(c.expected, "dest:prod");
  });
});
