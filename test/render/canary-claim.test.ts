// The canary picture and the claim agree: evidence from a real SequentialProportionTest run,
// drawn by the share bars and the running-share chart, puts a pass's whiskers inside the
// bands and a fail's whisker outside, and labels each share with the finding the verdict used.
import assert from "node:assert/strict";
import { shareBarsSvg } from "../../harness/render-kit/html/share-bars.js";
import { shareTraceSvg } from "../../harness/render-kit/html/share-trace.js";
import { SequentialProportionTest, type ProportionEvidence } from "../../harness/stats/index.js";

function run(pattern: string[]): { verdict: string; evidence: ProportionEvidence } {
  const t = new SequentialProportionTest({ weights: { v1: 90, v2: 10 } });
  for (let i = 0; t.observe(pattern[i % pattern.length] ?? "") === undefined; i++);
  return t.finish();
}

/** x positions of each destination's band rect and whisker ends in the share-bars SVG. */
function geometry(svg: string, name: string): { band: [number, number]; whisker: [number, number] } {
  const g = svg.split(`data-destination="${name}"`)[1] ?? "";
  const band = /<rect class="band" x="([\d.]+)"[^>]* width="([\d.]+)"/.exec(g);
  const ci = /<line class="ci" x1="([\d.]+)" x2="([\d.]+)"/.exec(g);
  assert.ok(band && ci, `geometry of ${name}`);
  return { band: [Number(band[1]), Number(band[1]) + Number(band[2])], whisker: [Number(ci[1]), Number(ci[2])] };
}

describe("canary picture and claim", () => {
  it("a pass draws every whisker inside its band and says 'within'", () => {
    const { verdict, evidence } = run([...Array<string>(9).fill("v1"), "v2"]);
    assert.equal(verdict, "pass");
    const svg = shareBarsSvg(evidence, "bars");
    for (const d of ["v1", "v2"]) {
      const { band, whisker } = geometry(svg, d);
      assert.ok(band[0] <= whisker[0] + 0.01 && whisker[1] <= band[1] + 0.01, `${d}: whisker ${whisker} inside band ${band}`);
    }
    assert.match(svg, /within 10% ± 5%<\/text>/);
    const trace = shareTraceSvg(evidence, "trace");
    assert.equal((trace.match(/<polygon class="interval"/g) ?? []).length, 2, "one interval envelope per destination");
  });

  it("a fail draws the failing whisker clear of its band and says 'outside'", () => {
    const { verdict, evidence } = run([...Array<string>(4).fill("v1"), "v2"]);
    assert.equal(verdict, "fail");
    const svg = shareBarsSvg(evidence, "bars");
    const { band, whisker } = geometry(svg, "v2");
    // The interval clears the band by a hair at the moment of the decision: equal after rounding to pixels.
    assert.ok(whisker[0] >= band[1], `whisker ${whisker} right of band ${band}`);
    assert.match(svg, /outside 10% ± 5%<\/text>/);
  });
});
