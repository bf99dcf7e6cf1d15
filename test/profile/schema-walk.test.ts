// The k6 side's schema walker (spec/profile/schema-walk.ts) against ajv (the harness): on valid
// profiles and on thousands of broken copies of them, both must accept and reject the same ones
// and report the same first bad field in the same words. The corpus is shown to be sharp: a
// walker that ignores any one keyword the schema uses disagrees with ajv somewhere.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ajvFailure } from "../../harness/profile/schema-check.js";
import { targetProfileSchema } from "../../spec/profile/schema.js";
import { describeSchemaFailure, type SchemaFailure } from "../../spec/profile/schema-failure.js";
import { assertSupported, firstSchemaFailure, UnsupportedSchemaError } from "../../spec/profile/schema-walk.js";
import { formatPath } from "../../spec/profile/field-path.js";
import { seededRandom } from "../support/seeded-random.js";
import { multiFaultMutants, mutantsOf, type Mutant } from "./mutants.js";
import { validateProfile } from "../../harness/profile/validate.js";
import { ProfileError } from "../../harness/profile/profile-error.js";
import { parseProfile, ProfileError as K6ProfileError } from "../../scenarios/lib/profile.js";
import { fullProfile, profileDir, SKETCH_YAML, type Loose } from "./samples.js";

type Walker = (data: unknown) => SchemaFailure | undefined;
const walker: Walker = (data) => firstSchemaFailure(targetProfileSchema, data);

/** The local mesh's real profile (the golden file), with its placeholders filled back in. */
function goldenProfile(): unknown {
  let port = 9000;
  const text = readFileSync("test/local-mesh/golden-profile.json", "utf8")
    .replace(/http:\/\/<[^>]+>/g, () => `http://127.0.0.1:${port++}`)
    .replaceAll('"<token>"', '"sample-admin-token-0001"')
    .replaceAll("<keys>", "/keys");
  return JSON.parse(text);
}

const SAMPLES: [string, unknown][] = [
  ["fullProfile (every optional field)", fullProfile()],
  ["the hand-written sketch (YAML)", parseYaml(SKETCH_YAML)],
  ["the local mesh's profile (golden file)", goldenProfile()],
  ["kind/k6/profile.json", JSON.parse(readFileSync("kind/k6/profile.json", "utf8"))],
];

const verdict = (f: SchemaFailure | undefined): string => {
  if (f === undefined) return "accepted";
  const p = describeSchemaFailure(f);
  return `${formatPath(p.path)}: ${p.problem} (${p.fix})`;
};

/** Mutants on which `walk` and ajv differ, as "name: ajv says … / walker says …". */
function disagreements(mutants: Mutant[], walk: Walker): string[] {
  const out: string[] = [];
  for (const m of mutants) {
    const a = verdict(ajvFailure(m.data));
    const w = verdict(walk(m.data));
    if (a !== w) out.push(`${m.name}: ajv says ${a} / walker says ${w}`);
  }
  return out;
}

const singles: Mutant[] = SAMPLES.flatMap(([name, data]) => mutantsOf(targetProfileSchema, data).map((m) => ({ ...m, name: `${name} ${m.name}` })));

describe("the k6 side's schema walker agrees with ajv", () => {
  it("both accept every sample profile", () => {
    for (const [name, data] of SAMPLES) {
      assert.equal(verdict(ajvFailure(data)), "accepted", name);
      assert.equal(verdict(walker(data)), "accepted", name);
    }
  });

  it("on every single-fault mutant: the same verdict, field and words", () => {
    assert.ok(singles.length > 2000, `only ${singles.length} mutants`);
    const rejected = singles.filter((m) => ajvFailure(m.data) !== undefined).length;
    // Nearly every mutant breaks the schema; the few that do not (e.g. a pattern still matched) must be accepted by both.
    assert.ok(rejected > singles.length * 0.95, `ajv rejected only ${rejected} of ${singles.length}`);
    assert.deepEqual(disagreements(singles, walker), []);
  });

  it("on multi-fault mutants: the same first failure (the order ajv checks in)", () => {
    const random = seededRandom(14);
    const multi = SAMPLES.flatMap(([, data]) => multiFaultMutants(targetProfileSchema, data, 500, random));
    assert.deepEqual(disagreements(multi, walker), []);
  });

  it("covers each fault kind the brief names, per vantage and restart kind", () => {
    const names = singles.map((m) => m.name).join("\n");
    for (const kind of ["required", "wrong type", "extra field", "another const", "unknown kind", "above maximum", "below minimum", "at exclusiveMinimum", "not whole", "off pattern", "empty string", "too few items", "too many items"]) {
      assert.match(names, new RegExp(kind), kind);
    }
    for (const v of ["outside", "fwd", "holder", "cert-holder"]) assert.match(names, new RegExp(`vantages\\.${v}: kind switched`), v);
    assert.match(names, /restart: kind switched to kubernetes/);
    assert.match(names, /restart: kind switched to local/);
  });

  // Each keyword the schema uses, ignored by an otherwise correct walker: the corpus must notice.
  const keywords = ["type", "const", "required", "additionalProperties", "minProperties", "maxProperties", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems", "discriminator"];
  for (const keyword of keywords) {
    it(`catches a walker that ignores ${keyword}`, () => {
      const lenient: Walker = (data) => {
        const f = walker(data);
        return f?.keyword === keyword ? undefined : f;
      };
      assert.ok(disagreements(singles, lenient).length > 0, `no mutant needs ${keyword}`);
    });
  }

  it("reports the first bad property in the schema's order, not the data's (as ajv does)", () => {
    // Two faults in one object, written in the reverse of the schema's order: ajv reports
    // timeoutMs (before path in the schema), so a walker going by the data's order would disagree.
    const p = fullProfile() as unknown as Loose;
    const broken = { ...p.timeouts[0], timeoutMs: 0, path: "bad" };
    p.timeouts = [Object.fromEntries(Object.entries(broken).reverse())];
    assert.ok(Object.keys(p.timeouts[0]).indexOf("path") < Object.keys(p.timeouts[0]).indexOf("timeoutMs"));
    assert.match(verdict(ajvFailure(p)), /^timeouts\[0\]\.timeoutMs/);
    assert.equal(verdict(walker(p)), verdict(ajvFailure(p)));
  });
});

describe("the walker's keyword subset", () => {
  it("covers the profile schema", () => {
    assert.doesNotThrow(() => assertSupported(targetProfileSchema, "#"));
  });

  const extend = (edit: (s: Loose) => void): Loose => {
    const s = structuredClone(targetProfileSchema) as unknown as Loose;
    edit(s);
    return s;
  };
  const refused: [string, (s: Loose) => void, RegExp][] = [
    ["a keyword outside the subset (enum)", (s) => (s.properties.name.enum = ["a"]), /#\/properties\/name: keyword "enum" is outside the subset/],
    ["format", (s) => (s.properties.vantages.additionalProperties.oneOf[2].properties.url.format = "uri"), /oneOf\/2\/properties\/url: keyword "format"/],
    ["exclusiveMaximum (not used today)", (s) => (s.properties.timeouts.items.properties.timeoutMs.exclusiveMaximum = 5), /keyword "exclusiveMaximum"/],
    ["patternProperties deep in a record", (s) => (s.properties.canary.items.properties.weights.patternProperties = {}), /weights: keyword "patternProperties"/],
    ["a oneOf without a discriminator", (s) => delete s.properties.vantages.additionalProperties.discriminator, /oneOf only with a discriminator/],
    ["a type the walker does not know", (s) => (s.properties.name.type = "boolean"), /type "boolean"/],
    ["a range on a field without a type", (s) => (s.properties.name = { minimum: 1 }), /minimum need type "number"/],
    ["additionalProperties: true", (s) => (s.additionalProperties = true), /additionalProperties must be false or a schema/],
  ];
  for (const [name, edit, expected] of refused) {
    it(`refuses ${name}`, () => {
      const s = extend(edit);
      assert.throws(() => firstSchemaFailure(s, {}), (e: unknown) => e instanceof UnsupportedSchemaError && expected.test(e.message));
    });
  }
});

// The whole check, as each side runs it: the harness's validateProfile (ajv, then the shared
// semantics with Node's file and URL checks) and k6's parseProfile (the walker, then the same
// semantics) on the profile's JSON text. k6 must accept every profile the harness accepts, and
// reject the rest with the same line, except for what only Node can check.
describe("k6's parseProfile and the harness's validateProfile agree", () => {
  let dir: string;
  let remove: () => Promise<void>;
  before(async () => ({ dir, remove } = await profileDir()));
  after(async () => remove());

  const NODE_ONLY = /: (not a valid URL|file not found): /;
  const harness = (data: unknown): string => {
    try {
      validateProfile(data, "p.json", { baseDir: dir });
      return "accepted";
    } catch (e) {
      assert.ok(e instanceof ProfileError, String(e));
      return e.message;
    }
  };
  const k6 = (data: unknown): string => {
    try {
      parseProfile(JSON.stringify(data), "p.json");
      return "accepted";
    } catch (e) {
      assert.ok(e instanceof K6ProfileError, String(e));
      return e.message;
    }
  };

  const semanticFaults: [string, (p: Loose) => void][] = [
    ["weights summing to 95", (p) => (p.canary[0].weights = { v1: 90, v2: 5 })],
    ["an undefined vantage", (p) => (p.authz[0].deny[0].vantage = "ghost")],
    ["a vantage named like an Object method", (p) => (p.routing[0].vantage = "constructor")],
    ["duplicate names", (p) => p.canary.push({ ...p.canary[0] })],
    ["a regex that does not compile", (p) => (p.routing[0].rules[0].match.headers["x-c"].regex = "v(1")],
    ["a forwarder off loopback", (p) => (p.vantages.fwd.url = "http://10.0.0.5:8081/forward")],
    ["a forwarder behind userinfo that looks like loopback", (p) => (p.vantages.fwd.url = "http://127.0.0.1:80@evil.example/forward")],
    ["a forwarder whose backslash hides the real host", (p) => (p.vantages.fwd.url = "http://evil.example\\@127.0.0.1/forward")],
    ["a local restart off loopback", (p) => (p.disruption[0].restart.url = "http://mesh.example:9000/restart")],
    ["no check section", (p) => { for (const k of Object.keys(p)) if (Array.isArray(p[k])) delete p[k]; }],
    ["authz without an allow", (p) => (p.authz[0].allow = [])],
    ["authz without a deny", (p) => (p.authz[0].deny = [])],
    ["retries failRatio 1", (p) => (p.retries[0].failRatio = 1)],
    ["outlier endpoints all healthy", (p) => (p.outlierDetection[0].endpoints[1].failRatio = 0)],
    ["fault injection with neither abort nor delay", (p) => { delete p.faultInjection[0].abort; delete p.faultInjection[0].delay; }],
    ["an https plaintext probe", (p) => (p.mtls[0].plaintext.url = "https://127.0.0.1:8081/")],
    ["a missing tls file (Node only)", (p) => (p.vantages.holder.key = "certs/missing.key")],
    ["an unparseable URL (Node only)", (p) => (p.routing[0].url = "http://[::1/")],
  ];

  it("on semantic faults: the same line, or a Node-only one k6 cannot check", () => {
    let nodeOnly = 0;
    for (const [name, edit] of semanticFaults) {
      const p = fullProfile() as unknown as Loose;
      edit(p);
      const h = harness(p);
      assert.notEqual(h, "accepted", name);
      if (NODE_ONLY.test(h)) {
        nodeOnly++;
        assert.equal(k6(p), "accepted", name);
      } else assert.equal(k6(p), h, name);
    }
    assert.equal(nodeOnly, 2);
  });

  it("on every JSON-representable single-fault mutant: k6 accepts exactly what the harness accepts", () => {
    const differ: string[] = [];
    for (const m of singles) {
      const text = JSON.stringify(m.data);
      if (text === undefined) continue;
      const data: unknown = JSON.parse(text);
      const h = harness(data);
      const k = k6(data);
      if (h !== k && !NODE_ONLY.test(h)) differ.push(`${m.name}: harness ${h} / k6 ${k}`);
    }
    assert.deepEqual(differ, []);
  });
});
