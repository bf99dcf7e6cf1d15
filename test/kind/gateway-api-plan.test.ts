// --target kind finds the gateway Istio deploys for the Gateway API Gateway: named as Istio
// names it (<gateway>-istio), at the host port kind maps to the nodePort its Gateway fixes.
// And make cluster's kind config maps that port, and refuses a host port clash.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { kindPlan } from "../../harness/targets/kind-plan.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const KIND = join(ROOT, "kind");

function sh(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** A copy of kind/ with one file's text edited, planned. */
function planWith(path: string, edit: (t: string) => string, gwapiPort?: string) {
  const dir = mkdtempSync(join(tmpdir(), "meshcheck-kind-"));
  try {
    cpSync(KIND, dir, { recursive: true });
    const before = readFileSync(join(dir, path), "utf8");
    const after = edit(before);
    assert.notEqual(after, before, `the edit changed nothing in ${path}`);
    writeFileSync(join(dir, path), after);
    return kindPlan(dir, "meshcheck", undefined, gwapiPort);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const usage = (pattern: RegExp) => (e: Error) => e.name === "UsageError" && pattern.test(e.message);

describe("--target kind: the Gateway API gateway (no cluster)", () => {
  it("is Istio's <gateway>-istio Deployment in the Gateway's namespace, selected by its gateway-name label, at 127.0.0.1:18081", () => {
    assert.deepEqual(kindPlan(KIND, "meshcheck").gatewayApi, [
      {
        gateway: "workshop-gateway-api",
        namespace: "workshop-app",
        deployment: "workshop-gateway-api-istio",
        matchLabels: { "gateway.networking.k8s.io/gateway-name": "workshop-gateway-api" },
        origin: "http://127.0.0.1:18081",
      },
    ]);
  });

  it("KIND_GWAPI_PORT moves its host port as make cluster moves the mapping; a bad one is one line", () => {
    assert.equal(kindPlan(KIND, "meshcheck", undefined, "19191").gatewayApi[0]?.origin, "http://127.0.0.1:19191");
    assert.equal(kindPlan(KIND, "meshcheck", undefined, "19191").gatewayOrigin, "http://127.0.0.1:18080");
    assert.throws(() => kindPlan(KIND, "meshcheck", undefined, "80"), usage(/^--target kind: KIND_GWAPI_PORT=80 is not a port in 1024-65535/));
  });

  it("the name-override annotation renames the Deployment, as Istio does", () => {
    const plan = planWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("    networking.istio.io/service-type: NodePort\n", "    networking.istio.io/service-type: NodePort\n    gateway.istio.io/name-override: edge\n"));
    assert.equal(plan.gatewayApi[0]?.deployment, "edge");
  });

  it("a gateway kind cannot forward to is a configuration error naming why: LoadBalancer, no fixed nodePort, no mapping", () => {
    assert.throws(() => planWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("    networking.istio.io/service-type: NodePort\n", "")), usage(/workshop-app\/workshop-gateway-api gets a LoadBalancer Service/));
    assert.throws(() => planWith("manifests/gateway-api/40-gateway.yaml", (t) => t.replace("          nodePort: 30081\n", "")), usage(/has no fixed nodePort for port 80/));
    assert.throws(() => planWith("cluster.yaml", (t) => t.replace("containerPort: 30081", "containerPort: 30082")), usage(/no extraPortMapping in the kind config maps nodePort 30081 \(Gateway workshop-app\/workshop-gateway-api, port 80\)/));
  });

  it("make cluster's kind config maps 30081 to KIND_GWAPI_PORT on loopback, and refuses it equal to another host port", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshcheck-kind-config-"));
    try {
      const out = join(dir, "cluster.yaml");
      const ok = await sh("node", ["kind/scripts/kind-config.js", "kind/cluster.yaml", out, "18080", "15021", "kindest/node:x", "19191"]);
      assert.equal(ok.code, 0, ok.stderr);
      const rendered = parse(readFileSync(out, "utf8")) as { nodes: { extraPortMappings: { containerPort: number; hostPort: number; listenAddress: string }[] }[] };
      const m = rendered.nodes[0]?.extraPortMappings.find((x) => x.containerPort === 30081);
      assert.deepEqual({ hostPort: m?.hostPort, listen: m?.listenAddress }, { hostPort: 19191, listen: "127.0.0.1" });
      const clash = await sh("node", ["kind/scripts/kind-config.js", "kind/cluster.yaml", out, "18080", "15021", "kindest/node:x", "18080"]);
      assert.equal(clash.code, 2);
      assert.equal(clash.stderr.trim(), "kind-config.js: KIND_HTTP_PORT and KIND_GWAPI_PORT are both 18080; give them different ports");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("make cluster with a GATEWAY_API_VERSION that has no vendored CRDs: exit 2, one line, before Istio", async () => {
    const r = await sh("bash", ["kind/scripts/cluster-up.sh"], { DRY_RUN: "1", GATEWAY_API_VERSION: "v9.9.9" });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split("\n").at(-1), "cluster-up.sh: GATEWAY_API_VERSION=v9.9.9 has no vendored CRDs (vendor/gateway-api/v9.9.9/crds); use one of: v1.4.0");
    assert.doesNotMatch(r.stdout, /helm upgrade --install istio/);
  });
});
