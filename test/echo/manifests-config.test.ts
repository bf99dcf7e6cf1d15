// Every Deployment in kind/manifests, fed through the echo container's own entrypoint config
// (loadConfig, what main.ts runs before listening): a Deployment whose env the app refuses would
// crash-loop its pod on a cluster. The env is built as the kubelet builds it (literal values and
// the downward API), independently of the local mesh's loader, so the two cannot agree on a bug.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { loadConfig } from "../../apps/echo/src/config.js";

const MANIFESTS = fileURLToPath(new URL("../../kind/manifests/", import.meta.url));

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string }; secretKeyRef?: { name: string; key: string } };
}
interface Deployment {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { template: { spec: { containers: { env?: EnvVar[]; ports?: { name?: string; containerPort: number }[] }[] } } };
}

function deployments(): { file: string; d: Deployment }[] {
  const out: { file: string; d: Deployment }[] = [];
  for (const file of readdirSync(MANIFESTS).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(MANIFESTS, file), "utf8"))) {
      const d = doc.toJS() as Deployment | null;
      if (d?.kind === "Deployment") out.push({ file, d });
    }
  }
  return out;
}

/** The container's environment as the kubelet resolves it for a pod of this Deployment. */
function podEnv(d: Deployment, env: EnvVar[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) {
    const path = e.valueFrom?.fieldRef?.fieldPath;
    if (path === "metadata.name") out[e.name] = `${d.metadata.name}-5d8f7c6b9-x2x4q`;
    else if (path === "metadata.namespace") out[e.name] = d.metadata.namespace;
    // The Secret make cluster creates holds a random token of this shape.
    else if (e.valueFrom?.secretKeyRef !== undefined) out[e.name] = "c2VjcmV0LXRva2VuLWZyb20tY2x1c3Rlci11cA";
    else if (path !== undefined) assert.fail(`${d.metadata.name}: env ${e.name}: fieldRef ${path} not resolved by this test`);
    else out[e.name] = e.value ?? "";
  }
  return out;
}

describe("kind/manifests Deployments pass the echo app's own config validation", () => {
  const all = deployments();

  it("finds the Deployments (including the outlier pair)", () => {
    const names = all.map(({ d }) => d.metadata.name);
    assert.ok(names.length >= 6, names.join(", "));
    assert.ok(names.includes("workshop-outlier-flaky") && names.includes("workshop-outlier-steady"), names.join(", "));
  });

  for (const { file, d } of all) {
    it(`${file}: Deployment ${d.metadata.namespace}/${d.metadata.name}`, () => {
      const container = d.spec.template.spec.containers[0];
      assert.ok(container, "no container");
      const config = loadConfig(podEnv(d, container.env ?? []));
      // The app listens where the Deployment says traffic and probes arrive.
      const http = container.ports?.find((p) => p.name === "http");
      if (http) assert.equal(config.port, http.containerPort, "PORT differs from containerPort http");
    });
  }
});
