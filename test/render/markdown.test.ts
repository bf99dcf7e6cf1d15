import assert from "node:assert/strict";
import { renderMarkdown } from "../../harness/render/markdown.js";
import { fixtureReport } from "./fixtures.js";

describe("Markdown summary", () => {
  const md = renderMarkdown(fixtureReport());

  it("leads with the verdict and one table row per check and skipped check", () => {
    assert.match(md, /^# meshcheck: FAIL\n/);
    const rows = md.split("\n").filter((l) => /^\| .* \| (PASS|FAIL|ERROR|INCONCLUSIVE|SKIPPED) \|/.test(l));
    assert.equal(rows.length, 5);
    // Every row has exactly the table's 6 cells: hostile "|" in a name did not add cells.
    for (const r of rows) assert.equal(r.split(/(?<!\\)\|/).length - 2, 6, r);
  });

  it("shows the canary shares against weights with α, β, δ and requests used", () => {
    assert.match(md, /\| v1 \| 80\.0% \| 320 \| 99\.9% \[76\.0%, 83\.0%\] \| 90% \| \[85\.0%, 95\.0%\] \| outside \|/);
    assert.match(md, /Verdict \*\*fail\*\* on a sample of 400 requests \(budget 5000\)/);
    assert.match(md, /A share within its weight ± δ \(δ = 5%\) conforms\. pass claims every share is within \(wrong with probability ≤ β = 0\.01\); fail claims one is outside \(wrong with probability ≤ α = 0\.001\)/);
  });

  it("lists the evidence of every check that did not pass, and only those", () => {
    assert.match(md, /### authz-policy\/workshop-auth: ERROR/);
    assert.match(md, /### mtls-strict\/workshop-app-strict: INCONCLUSIVE/);
    assert.match(md, /- control: BAD {2}workshop-app GET .*status:503/);
    assert.doesNotMatch(md, /### header-routing/);
  });

  it("lets no report text become Markdown or HTML", () => {
    assert.doesNotMatch(md, /<script>/);
    assert.doesNotMatch(md, /(?<!\\)\[link\]/);
  });
});
