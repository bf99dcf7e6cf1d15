import assert from "node:assert/strict";
import { renderHtmlReport } from "../../harness/render/html/report.js";
import { fixtureReport } from "./fixtures.js";

describe("HTML report", () => {
  const report = fixtureReport();
  const html = renderHtmlReport(report);

  it("needs no network and runs no script: a CSP forbids both, and nothing external is referenced", () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|src=/i);
    // The only URLs are the SVG namespace and escaped text from the report (never in an href).
    for (const href of html.matchAll(/href="([^"]*)"/g)) assert.match(href[1] ?? "", /^#check-/);
  });

  it("draws a share bar and a running-share line per canary destination, with the statistical terms", () => {
    for (const d of ["v1", "v2"]) {
      assert.match(html, new RegExp(`<g class="share-bar" data-destination="${d}">`));
      assert.match(html, new RegExp(`<g class="share-line" data-destination="${d}">\\n<polyline points="[\\d., ]+"`));
    }
    assert.match(html, /<text class="share-label"[^>]*>80\.0% \[76\.0%, 83\.0%\]<\/text>/);
    assert.match(html, /outside 90% ± 5%/);
    assert.match(html, /Tolerance <b>δ = 5%<\/b>.*<b>β = 0\.01<\/b>.*<b>α = 0\.001<\/b>/s);
    // Under the bars, the tolerance contract and the level the whiskers are drawn at (this fixture draws a fail at 99.9%).
    assert.match(html, /<\/svg>\n<p class="how-to-read">How to read this: the green band is the weight ± δ \(5%\)\. <b>pass<\/b> when every share's interval at 1 − β \(99%\) lies inside its band; <b>fail<\/b> when one share's interval at 1 − α \(99\.9%\) lies wholly outside; otherwise <b>inconclusive<\/b>\. Whiskers here are drawn at <b class="drawn-level">99\.9%<\/b> \(the fail claim's level/);
    assert.match(html, /decided on a <b>sample<\/b> of <b class="sample-size">400<\/b> requests \(budget 5000\)/);
  });

  it("names one sample size in the canary section and labels every other count plainly", () => {
    assert.match(html, /<p class="sample-line"><b>Sample: <span class="sample-size">400<\/span> requests<\/b>, the ones the verdict rests on; of which v1 answered 320, v2 answered 80\. Not in the sample: 3 convergence probes before it\.<\/p>/);
    assert.match(html, /Converged after 3 convergence probes/);
    assert.match(html, /<th class="num">Of the sample<\/th>/);
    // A check that sent more than probes + sample had requests in flight when the verdict came.
    const sent = renderHtmlReport({ ...report, checks: report.checks.map((c) => (c.evidence.kind === "canary" ? { ...c, requests: 410 } : c)) });
    assert.match(sent, /Not in the sample: 3 convergence probes before it, 7 sent but still in flight at the verdict\./);
  });

  it("renders the evidence of every check kind", () => {
    assert.match(html, /<table class="routing-cases">/);
    assert.match(html, /<h4>In-mesh control<\/h4>/);
    assert.match(html, /<h4>Plaintext requests \(must get no HTTP answer\)<\/h4>/);
    assert.match(html, /<h4>Allowed requests \(positive controls\)<\/h4>[\s\S]*status:503[\s\S]*no healthy upstream/);
    assert.match(html, /spiffe:\/\/cluster\.local\/ns\/workshop-app\/sa\/workshop-app/);
    assert.equal((html.match(/<table class="traffic">/g) ?? []).length, report.checks.length);
    assert.match(html, /<tr data-check="retry-budget">.*SKIPPED/);
  });

  it("escapes hostile report text everywhere it appears", () => {
    assert.doesNotMatch(html, /<script>/);
    assert.ok((html.match(/&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/g) ?? []).length >= 5);
  });

  it("is deterministic for a given report", () => {
    assert.equal(renderHtmlReport(fixtureReport()), html);
  });

  it("says so when a canary check has no trace, instead of drawing an empty chart", () => {
    const r = fixtureReport();
    const c = r.checks[1];
    assert.ok(c && c.evidence.kind === "canary");
    delete c.evidence.proportion.trace;
    const out = renderHtmlReport(r);
    assert.match(out, /No running-share trace was recorded/);
    assert.doesNotMatch(out, /class="share-line"/);
  });
});
