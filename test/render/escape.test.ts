import assert from "node:assert/strict";
import { escapeHtml, escapeMarkdown, escapeXml } from "../../harness/render-kit/escape.js";
import { HOSTILE } from "./fixtures.js";
import { xmlElements } from "./xml-check.js";

describe("escaping", () => {
  it("XML: markup characters become entities, characters XML 1.0 cannot carry become U+FFFD", () => {
    assert.equal(escapeXml(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    assert.equal(escapeXml("a\u0001b\u001Fc\tok\n"), "a\uFFFDb\uFFFDc\tok\n");
    assert.equal(escapeXml("lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00"), "lone \uFFFD high, lone \uFFFD low, pair \uD83D\uDE00");
    // Escaped hostile text survives as text and as an attribute in a well-formed document.
    assert.deepEqual(xmlElements(`<r a="${escapeXml(HOSTILE)}">${escapeXml(HOSTILE)}</r>`), ["r"]);
  });

  it("HTML: no tag or attribute can be opened by report text", () => {
    const out = escapeHtml(HOSTILE);
    assert.doesNotMatch(out, /[<>"']/);
    assert.match(out, /&lt;script&gt;/);
  });

  it("Markdown: one line, and emphasis, code, links, HTML, pipes and leading block markers are inert", () => {
    const out = escapeMarkdown("a|b *c* _d_ `e` [f](g) <h> &amp;\nsecond line");
    assert.equal(out, "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> &amp;amp; second line");
    assert.equal(escapeMarkdown("# heading"), "\\# heading");
    assert.equal(escapeMarkdown("- item"), "\\- item");
    assert.equal(escapeMarkdown("1. item"), "1\\. item");
    assert.doesNotMatch(escapeMarkdown(HOSTILE), /(?<!\\)[<>|`*[\]]/);
  });
});
