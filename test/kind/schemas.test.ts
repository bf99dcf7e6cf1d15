// Every Kubernetes and Istio document under kind/ validates against its published schema, and
// a broken one does not (so the validation is not a no-op).
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validateDocument } from "./schema-models.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? yamlFiles(join(dir, n)) : [join(dir, n)]))
    .filter((f) => /\.ya?ml$/.test(f));
}

/**
 * Kubernetes and Istio documents (helm values files have no apiVersion; the kind config and other
 * projects' CRDs, such as the k6 operator's TestRun, have no schema in these packages).
 */
const SCHEMA_GROUPS = new Set(["v1", "apps", "networking.k8s.io", "networking.istio.io", "security.istio.io"]);
function resources(): { where: string; obj: Record<string, unknown> }[] {
  return yamlFiles(KIND).flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8")).flatMap((d, i) => {
      const obj = d.toJS() as Record<string, unknown> | null;
      if (!obj || typeof obj.apiVersion !== "string" || !SCHEMA_GROUPS.has(obj.apiVersion.split("/")[0] ?? "")) return [];
      return [{ where: `${relative(KIND, file)}#${i + 1} ${String(obj.kind)}`, obj }];
    }),
  );
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

describe("kind/ manifests against Kubernetes and Istio schemas", () => {
  const docs = resources();

  it("finds the manifests (every kind in kind/manifests)", () => {
    const kinds = new Set(docs.map((d) => d.obj.kind));
    for (const k of ["Namespace", "ServiceAccount", "Deployment", "Service", "Gateway", "VirtualService", "PeerAuthentication", "AuthorizationPolicy"]) assert.ok(kinds.has(k), k);
  });

  for (const d of resources()) {
    it(`validates ${d.where}`, () => {
      validateDocument(d.obj);
    });
  }

  describe("a broken manifest fails", () => {
    const find = (kind: string) => {
      const d = docs.find((x) => x.obj.kind === kind);
      assert.ok(d, kind);
      return clone(d.obj);
    };

    it("Deployment with replicas as a string", () => {
      const dep = find("Deployment") as { spec: { replicas: unknown } };
      dep.spec.replicas = "two";
      assert.throws(() => validateDocument(dep as never), /replicas must be integer/);
    });

    it("Deployment without containers", () => {
      const dep = find("Deployment") as { spec: { template: { spec: { containers?: unknown } } } };
      delete dep.spec.template.spec.containers;
      assert.throws(() => validateDocument(dep as never), /containers/);
    });

    it("PeerAuthentication with an mTLS mode Istio does not have", () => {
      const pa = find("PeerAuthentication") as { spec: { mtls: unknown } };
      pa.spec.mtls = { mode: "STRICTEST" };
      assert.throws(() => validateDocument(pa as never), /mode/);
    });

    it("VirtualService with a weight that is not a number", () => {
      const vs = docs.find((x) => x.obj.kind === "VirtualService" && JSON.stringify(x.obj).includes('"weight"'));
      assert.ok(vs);
      const bad = clone(vs.obj) as { spec: { http: { route: { weight: unknown }[] }[] } };
      const route = bad.spec.http[0]?.route[0];
      assert.ok(route);
      route.weight = "ninety";
      assert.throws(() => validateDocument(bad as never), /weight/);
    });

    it("an Istio kind at a version no schema covers", () => {
      const gw = find("Gateway");
      assert.throws(() => validateDocument({ ...gw, apiVersion: "networking.istio.io/v2" }), /no schema known/);
    });
  });
});
