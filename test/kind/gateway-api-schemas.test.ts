// kind/manifests/gateway-api/ against the Gateway API CRDs at the pinned version (the vendored
// files make cluster installs), and broken copies of them fail (so the validation is no no-op).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { CrdValidators, gatewayApiCrdDir, schemaProblems } from "../../harness/preflight/gateway-api-crds.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIR = join(ROOT, "kind/manifests/gateway-api");
/** GATEWAY_API_VERSION's default in versions.sh (pins.test.ts checks it against Istio's). */
const VERSION = /^GATEWAY_API_VERSION="\$\{GATEWAY_API_VERSION:-(v[\d.]+)\}"$/m.exec(readFileSync(join(ROOT, "kind/scripts/versions.sh"), "utf8"))?.[1] ?? "";

const GATEWAY_API_CRDS = gatewayApiCrdDir;

/** Throws naming each schema problem, or that no CRD serves the document's kind and version. */
function validateAgainst(validators: CrdValidators, obj: Record<string, unknown>): void {
  const problems = schemaProblems(validators, obj);
  if (problems === undefined) throw new Error(`no CRD schema for ${String(obj.apiVersion)}/${String(obj.kind)} in the vendored Gateway API CRDs`);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
}

function gatewayApiDocs(): { where: string; obj: Record<string, unknown> }[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(DIR, file), "utf8")).flatMap((d, i) => {
        const obj = d.toJS() as Record<string, unknown> | null;
        if (!obj || !String(obj.apiVersion).startsWith("gateway.networking.k8s.io/")) return [];
        return [{ where: `${file}#${i + 1} ${String(obj.kind)} ${String((obj.metadata as { name?: string }).name)}`, obj }];
      }),
    );
}

describe(`kind/manifests/gateway-api against the Gateway API ${VERSION} standard-channel CRDs`, () => {
  const validators = new CrdValidators(GATEWAY_API_CRDS(VERSION));
  const docs = gatewayApiDocs();
  const route = (name: string) => {
    const d = docs.find((x) => x.obj.kind === "HTTPRoute" && (x.obj.metadata as { name: string }).name === name);
    assert.ok(d, name);
    return structuredClone(d.obj) as { spec: { rules: { matches?: { headers: { type: string; value: string }[] }[]; backendRefs: { weight?: number; port?: number }[]; timeouts?: { request: string } }[]; parentRefs: { kind?: string }[] } };
  };

  it("reads the pinned version's CRDs: Gateway and HTTPRoute v1, and nothing from another channel", () => {
    assert.match(VERSION, /^v1\.\d+\.\d+$/);
    for (const k of ["gateway.networking.k8s.io/v1/Gateway", "gateway.networking.k8s.io/v1/HTTPRoute", "gateway.networking.k8s.io/v1/GatewayClass"]) assert.ok(validators.validator(k.slice(0, k.lastIndexOf("/")), k.slice(k.lastIndexOf("/") + 1)), k);
    for (const f of readdirSync(GATEWAY_API_CRDS(VERSION))) {
      const text = readFileSync(join(GATEWAY_API_CRDS(VERSION), f), "utf8");
      assert.match(text, new RegExp(`gateway.networking.k8s.io/bundle-version: ${VERSION.replaceAll(".", "\\.")}\\n`), f);
      assert.match(text, /gateway.networking.k8s.io\/channel: standard\n/, f);
    }
  });

  it("finds the Gateway and the three HTTPRoutes", () => {
    assert.deepEqual(docs.map((d) => d.obj.kind).sort(), ["Gateway", "HTTPRoute", "HTTPRoute", "HTTPRoute"]);
  });

  for (const d of gatewayApiDocs()) {
    it(`validates ${d.where}`, () => {
      validateAgainst(validators, d.obj);
    });
  }

  describe("a broken manifest fails", () => {
    it("a header match type the API does not have (Regex for RegularExpression)", () => {
      const r = route("workshop-routing-gwapi");
      const h = r.spec.rules[1]?.matches?.[0]?.headers[0];
      assert.ok(h);
      h.type = "Regex";
      assert.throws(() => validateAgainst(validators, r as never), /headers\/0\/type must be equal to one of the allowed values/);
    });

    it("a negative weight", () => {
      const r = route("workshop-canary-gwapi");
      const b = r.spec.rules[0]?.backendRefs[1];
      assert.ok(b);
      b.weight = -10;
      assert.throws(() => validateAgainst(validators, r as never), /backendRefs\/1\/weight must be >= 0/);
    });

    it("a request timeout written as words, not a Gateway API duration", () => {
      const r = route("workshop-mesh-split");
      const rule = r.spec.rules[0];
      assert.ok(rule?.timeouts);
      rule.timeouts.request = "10 seconds";
      assert.throws(() => validateAgainst(validators, r as never), /timeouts\/request must match pattern/);
    });

    it("a port beyond 65535", () => {
      const r = route("workshop-canary-gwapi");
      const b = r.spec.rules[0]?.backendRefs[0];
      assert.ok(b);
      b.port = 80800;
      assert.throws(() => validateAgainst(validators, r as never), /backendRefs\/0\/port must be <= 65535/);
    });

    it("a Gateway listener with no port", () => {
      const gw = structuredClone(docs.find((x) => x.obj.kind === "Gateway")?.obj) as { spec: { listeners: { port?: number }[] } };
      delete gw.spec.listeners[0]?.port;
      assert.throws(() => validateAgainst(validators, gw as never), /listeners\/0 must have required property 'port'/);
    });

    it("an API version the pinned CRDs do not serve", () => {
      const r = route("workshop-canary-gwapi") as unknown as Record<string, unknown>;
      assert.throws(() => validateAgainst(validators, { ...r, apiVersion: "gateway.networking.k8s.io/v2" }), /no CRD schema for gateway\.networking\.k8s\.io\/v2\/HTTPRoute/);
    });
  });
});
