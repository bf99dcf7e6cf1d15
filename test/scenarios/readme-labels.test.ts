// scenarios/README.md's label table against what the scenarios tag: a label the README lists
// must be emitted (load.ts once documented a `case` it never sent), and every tag a scenario
// sets must be listed. Tags are read from the sources with the TypeScript parser: the object
// literals that are tag sets by position (a metric's add(value, tags), check(v, sets, tags), a
// `tags:` property, a variable named …tags) or by content (built from a tag set, or naming mc_check).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import ts from "typescript";

function tagKeys(file: string): Set<string> {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const keys = new Set<string>();
  const collect = (n: ts.Node | undefined): void => {
    if (n && ts.isParenthesizedExpression(n)) return collect(n.expression);
    if (!n || !ts.isObjectLiteralExpression(n)) return;
    for (const p of n.properties) if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) keys.add(p.name.text);
  };
  // `tags`, `x.tags`, `baseTags(p)`: an expression that is a tag set by its name.
  const isTagSet = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && /tags$/i.test(e.text)) || (ts.isPropertyAccessExpression(e) && /tags$/i.test(e.name.text)) || (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /tags$/i.test(e.expression.text));
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && /tags$/i.test(n.name.text) && n.initializer) {
      collect(n.initializer);
      if (ts.isArrowFunction(n.initializer)) collect(n.initializer.body);
    }
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === "tags") collect(n.initializer);
    if (ts.isObjectLiteralExpression(n) && n.properties.some((p) => (ts.isSpreadAssignment(p) && isTagSet(p.expression)) || (ts.isPropertyAssignment(p) && p.name.getText(sf) === "mc_check"))) collect(n);
    if (ts.isCallExpression(n)) {
      if (ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "add") collect(n.arguments[1]);
      if (ts.isIdentifier(n.expression) && n.expression.text === "check") collect(n.arguments[2]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return keys;
}

/** The README's label table: scenario (or "every scenario") → the backticked names in the labels column. */
function readmeLabels(): Map<string, Set<string>> {
  const text = readFileSync("scenarios/README.md", "utf8");
  const section = text.slice(text.indexOf("| samples from | labels |"));
  const rows = new Map<string, Set<string>>();
  for (const line of section.split("\n").slice(2)) {
    if (!line.startsWith("|")) break;
    const [, who, labels] = line.split("|").map((c) => c.trim());
    rows.set(who!.replace(/`/g, ""), new Set([...labels!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!)));
  }
  return rows;
}

const sorted = (s: Set<string> | undefined) => [...(s ?? [])].sort();

describe("scenarios/README.md label table", () => {
  const table = readmeLabels();
  const scenarios = readdirSync("scenarios").filter((f) => f.endsWith(".ts"));

  it("has a row for every scenario and one for the labels every scenario shares", () => {
    assert.deepEqual([...table.keys()].sort(), ["every scenario", ...scenarios].sort());
  });

  it("lists the shared labels the k6 glue sets on every request or sample", () => {
    const shared = new Set(readdirSync("scenarios/k6").flatMap((f) => [...tagKeys(`scenarios/k6/${f}`)]));
    assert.deepEqual(sorted(table.get("every scenario")), sorted(shared));
  });

  for (const f of readdirSync("scenarios").filter((x) => x.endsWith(".ts"))) {
    it(`lists exactly the labels ${f} sets`, () => {
      assert.deepEqual(sorted(table.get(f)), sorted(tagKeys(`scenarios/${f}`)));
    });
  }

  it("never uses k6's own `check` tag, which k6 overwrites on checks samples", () => {
    for (const f of scenarios) assert.ok(!tagKeys(`scenarios/${f}`).has("check"), f);
  });
});
