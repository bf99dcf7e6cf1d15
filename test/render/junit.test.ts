import assert from "node:assert/strict";
import { renderJunit } from "../../harness/render/junit.js";
import { fixtureReport } from "./fixtures.js";
import { xmlElements } from "./xml-check.js";

function testcase(xml: string, name: string): string {
  const start = xml.indexOf(`<testcase classname=`, xml.indexOf(`name="${name}"`) - 60);
  const body = xml.slice(start, xml.indexOf("</testcase>", start));
  assert.ok(body.includes(`name="${name}"`), `testcase ${name} not found`);
  return body;
}

describe("JUnit rendering", () => {
  const report = fixtureReport();
  const xml = renderJunit(report);

  it("is well-formed XML with one testcase per check, skipped checks included", () => {
    const elements = xmlElements(xml);
    assert.equal(elements.filter((e) => e === "testcase").length, report.checks.length + report.skipped.length);
    assert.match(xml, /<testsuites name="meshcheck" tests="5" failures="1" errors="2" skipped="1"/);
  });

  it("a failed check carries its evidence in the failure body", () => {
    const c = testcase(xml, "canary-split/workshop-canary");
    assert.match(c, /<failure type="fail" message="canary fail">/);
    assert.match(c, /v1: 80\.0% \(320 of sample 400\), 99\.9% CI \[76\.0%, 83\.0%\]; expected 90%, tolerance band \[85\.0%, 95\.0%\]: outside/);
    assert.match(c, /α=0\.001 β=0\.01 δ=5%; sample 400 requests \(budget 5000\)/);
  });

  it("error and inconclusive are JUnit errors, never passes; a skipped check is skipped", () => {
    assert.match(testcase(xml, "authz-policy/workshop-auth"), /<error type="error" message="positive control failed: the service is down">[^<]*status:503/);
    assert.match(testcase(xml, "mtls-strict/workshop-app-strict"), /<error type="inconclusive"/);
    assert.match(testcase(xml, "retry-budget"), /<skipped message="the profile has no retry section &lt;script&gt;/);
    assert.doesNotMatch(xml, /<script>/);
  });

  it("a run that never reached its checks is one errored testcase, not an empty green suite", () => {
    const failed = { ...fixtureReport(), checks: [], skipped: [], counts: { pass: 0, fail: 0, error: 0, inconclusive: 0, skipped: 0 }, problems: ["target unreachable: connect ECONNREFUSED 127.0.0.1:1"] };
    const out = renderJunit(failed);
    assert.equal(xmlElements(out).filter((e) => e === "testcase").length, 1);
    assert.match(out, /tests="1" failures="0" errors="1"/);
    assert.match(out, /<error type="run-problem" message="target unreachable: connect ECONNREFUSED/);
  });

  it("is deterministic", () => {
    assert.equal(renderJunit(fixtureReport()), xml);
  });
});
