// The kind driver's static half: gateway address and forwarder workloads from kind/, and a
// profile with the same expectations as the local mesh's for the same manifests.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../harness/errors.js";
import { kindPlan } from "../../harness/targets/kind-plan.js";
import { kindProfile } from "../../harness/targets/kind-profile.js";
import { startLocalMesh } from "../../local-mesh/index.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));

/** Addresses differ between targets; what is expected of them must not. */
function normalized(p: TargetProfile): unknown {
  const { name: _name, vantages, ...rest } = p;
  const { "cert-holder": _tls, ...others } = vantages;
  // Tokens differ per run and per target (generated locally, read from the Secret on kind).
  const text = JSON.stringify({ ...rest, vantages: others }, (key, v: unknown) => (key === "token" ? "TOKEN" : v));
  return JSON.parse(text.replace(/http:\/\/127\.0\.0\.1:\d+/g, "ORIGIN"));
}

describe("kind target plan (no cluster)", () => {
  const plan = kindPlan(KIND, "meshcheck");

  it("gateway at the host port kind maps to the gateway's HTTP nodePort, on loopback (not 8080: often taken)", () => {
    assert.equal(plan.gatewayOrigin, "http://127.0.0.1:18080");
    assert.equal(plan.context, "kind-meshcheck");
  });

  it("KIND_HTTP_PORT moves the gateway's host port, as make cluster moves the mapping; a bad one is one line", () => {
    assert.equal(kindPlan(KIND, "meshcheck", "19090").gatewayOrigin, "http://127.0.0.1:19090");
    assert.equal(kindPlan(KIND, "meshcheck", "").gatewayOrigin, "http://127.0.0.1:18080");
    for (const bad of ["80", "http", "70000", "8080x"]) {
      assert.throws(() => kindPlan(KIND, "meshcheck", bad), (e: Error) => e.name === "UsageError" && e.message === `--target kind: KIND_HTTP_PORT=${bad} is not a port in 1024-65535; set it to the value make cluster ran with (default: the hostPort in kind/cluster.yaml)`);
    }
  });

  it("forwarders: workshop-app and intruder with their SPIFFE IDs, outsider without", () => {
    assert.deepEqual(
      plan.forwarders.map((f) => [f.name, `${f.namespace}/${f.deployment}`, f.adminPort, f.spiffe ?? null, `${f.tokenSecret.name}/${f.tokenSecret.key}`]),
      [
        ["workshop-app", "workshop-app/workshop-app-v1", 8081, "spiffe://cluster.local/ns/workshop-app/sa/workshop-app", "meshcheck-admin/token"],
        ["intruder", "workshop-app/intruder", 8081, "spiffe://cluster.local/ns/workshop-app/sa/intruder", "meshcheck-admin/token"],
        ["outsider", "outside/outsider", 8081, null, "meshcheck-admin/token"],
      ],
    );
  });

  it("a forwarder Deployment whose ADMIN_TOKEN is not from a Secret: a usage error naming it (its forwarder would refuse every request)", () => {
    const dir = mkdtempSync(join(tmpdir(), "meshcheck-kind-"));
    try {
      cpSync(KIND, dir, { recursive: true });
      const file = join(dir, "manifests", "60-vantages.yaml");
      // The outsider's token as a literal: no Secret for --target kind to read.
      const yaml = readFileSync(file, "utf8").split("---");
      const i = yaml.findIndex((doc) => /name: outsider\n/.test(doc));
      yaml[i] = yaml[i]!.replace(/valueFrom:\n\s+secretKeyRef:\n\s+name: meshcheck-admin\n\s+key: token/, 'value: "a-literal-token-0001"');
      writeFileSync(file, yaml.join("---"));
      assert.throws(() => kindPlan(dir, "meshcheck"), (e: unknown) => e instanceof UsageError && /^--target kind: Deployment outside\/outsider has an admin port but no ADMIN_TOKEN from a Secret \(env ADMIN_TOKEN valueFrom\.secretKeyRef\)/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a Deployment the echo entrypoint would refuse is a ManifestError for the kind profile too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshcheck-kind-env-"));
    try {
      cpSync(KIND, dir, { recursive: true });
      const file = join(dir, "manifests", "20-workloads.yaml");
      const text = readFileSync(file, "utf8");
      const bad = text.replace("              value: v2\n", "              value: bogus\n");
      assert.notEqual(bad, text, "the edit changed nothing");
      writeFileSync(file, bad);
      await assert.rejects(kindProfile(plan, dir, {}), (e: unknown) => e instanceof Error && e.name === "ManifestError" && /would exit 2 at start \(CrashLoopBackOff\): VERSION must be one of/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the profile has the local mesh's expectations, at the kind addresses", async function () {
    this.timeout(20_000);
    const urls = Object.fromEntries(plan.forwarders.map((f, i) => [f.name, `http://127.0.0.1:${40001 + i}/forward`]));
    const reached = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, { url, token: `${name}-kind-token-0001` }]));
    const kind = await kindProfile(plan, KIND, reached);
    assert.equal(kind.name, "kind-meshcheck");
    assert.equal(kind.canary?.[0]?.url, "http://127.0.0.1:18080/");
    assert.deepEqual(kind.vantages.intruder, { kind: "forwarder", url: urls.intruder, token: "intruder-kind-token-0001", identity: "spiffe://cluster.local/ns/workshop-app/sa/intruder" });
    const local = await startLocalMesh();
    try {
      // The same expectations; only how a workload is restarted (and so the traffic plan around
      // it) differs: the Kubernetes API in the cluster, the control listener locally.
      const { disruption: kindDisruption, ...kindRest } = kind;
      const { disruption: localDisruption, ...localRest } = local.profile;
      assert.deepEqual(normalized(kindRest as typeof kind), normalized(localRest as typeof kind));
      assert.deepEqual(kindDisruption?.map((d) => [d.name, d.host, d.destination, d.budget]), localDisruption?.map((d) => [d.name, d.host, d.destination, d.budget]));
      assert.deepEqual(kindDisruption?.map((d) => d.restart), [{ kind: "kubernetes", namespace: "workshop-app", deployment: "workshop-app-prod", context: "kind-meshcheck" }]);
    } finally {
      await local.stop();
    }
  });
});
