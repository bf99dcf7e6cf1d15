// The pinned versions agree wherever they are written: kind/scripts/versions.sh (the source),
// the values files written for those charts, the DRY_RUN `# pins:` line, kind/README.md, and the
// Node major of the echo image and of CI's second run. And the pins fit each other: the node
// image is one kind's release notes list for the pinned kind, at a Kubernetes version both
// pinned Istio releases support.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { GATEWAY_API_VERSION as PREFLIGHT_GATEWAY_API_VERSION } from "../../harness/preflight/gateway-api-crds.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

/** Kubernetes minor versions each Istio minor supports (istio.io, "Supported Releases"). */
const ISTIO_K8S: Record<string, [number, number]> = { "1.29": [31, 35], "1.30": [32, 36] };
/** Node images kind's release notes list for each kind release ("Images pre-built for this release"). */
const KIND_IMAGES: Record<string, string[]> = {
  "v0.33.0": [
    "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5",
    "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed",
    "kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0",
    "kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d",
  ],
};

/**
 * The Gateway API release each Istio minor is built against (`sigs.k8s.io/gateway-api` in the
 * go.mod of its pinned patch: 1.29.2 has v1.4.0, 1.30.1 has v1.5.1).
 */
const ISTIO_GATEWAY_API: Record<string, string> = { "1.29": "v1.4.0", "1.30": "v1.5.1" };

const VARS = ["ISTIO_VERSION", "ISTIO_UPGRADE_TO", "GATEWAY_API_VERSION", "KIND_VERSION", "KIND_NODE_IMAGE", "KIALI_CHART_VERSION", "PROMETHEUS_CHART_VERSION", "KIND_HTTP_PORT", "KIND_STATUS_PORT", "KIND_GWAPI_PORT"] as const;
type Pins = Record<(typeof VARS)[number], string>;

function bash(script: string, env: Record<string, string> = {}): Promise<string> {
  // The pins as versions.sh sets them, not as this shell's environment might override them.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !VARS.includes(k as never) && k !== "ISTIO_TO" && k !== "KIND_CLUSTER"));
  return new Promise((resolve, reject) => {
    execFile("bash", ["-c", script], { cwd: ROOT, env: { ...clean, ...env }, timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)));
  });
}

async function pins(): Promise<Pins> {
  const out = await bash(`source kind/scripts/versions.sh && printf '%s\\n' ${VARS.map((v) => `"${v}=$${v}"`).join(" ")}`);
  return Object.fromEntries(out.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])) as Pins;
}

/** The version a values file says it was written for (`# Chart version: X`). */
function chartVersionOf(file: string): string | undefined {
  return /^# Chart version: (\S+)/m.exec(read(file))?.[1];
}

describe("pinned versions", function () {
  this.timeout(30_000);
  let p: Pins;
  before(async () => {
    p = await pins();
  });

  it("the node image is one kind's release notes list for the pinned kind, by digest", () => {
    assert.match(p.KIND_NODE_IMAGE, /^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    assert.ok(KIND_IMAGES[p.KIND_VERSION]?.includes(p.KIND_NODE_IMAGE), `${p.KIND_NODE_IMAGE} is not among kind ${p.KIND_VERSION}'s images`);
  });

  it("the node's Kubernetes is inside both pinned Istio releases' support ranges (install and upgrade target)", () => {
    const minor = Number(/^kindest\/node:v1\.(\d+)\./.exec(p.KIND_NODE_IMAGE)?.[1]);
    for (const istio of [p.ISTIO_VERSION, p.ISTIO_UPGRADE_TO]) {
      const range = ISTIO_K8S[istio.split(".").slice(0, 2).join(".")];
      assert.ok(range, `no support range known for Istio ${istio}: add it from istio.io's Supported Releases`);
      assert.ok(minor >= range[0] && minor <= range[1], `Kubernetes 1.${minor} is outside Istio ${istio}'s 1.${range[0]}-1.${range[1]}`);
    }
  });

  it("each values file was written for the chart version pinned", () => {
    assert.equal(chartVersionOf("kind/helm/istiod-values.yaml"), p.ISTIO_VERSION);
    assert.equal(chartVersionOf("kind/helm/gateway-values.yaml"), p.ISTIO_VERSION);
    assert.equal(chartVersionOf("kind/addons/kiali-values.yaml"), p.KIALI_CHART_VERSION);
    assert.equal(chartVersionOf("kind/addons/prometheus-values.yaml"), p.PROMETHEUS_CHART_VERSION);
  });

  it("every chart the scripts install is pinned with a versions.sh variable, never a literal or nothing", () => {
    const scripts = readdirSync(join(ROOT, "kind/scripts")).filter((f) => f.endsWith(".sh"));
    const installs = scripts.flatMap((f) => read(`kind/scripts/${f}`).split("\n").filter((l) => /\bhelm upgrade --install\b/.test(l)).map((l) => [f, l] as const));
    assert.ok(installs.length >= 5, `${installs.length} helm installs found`);
    const versionsSh = read("kind/scripts/versions.sh");
    for (const [f, l] of installs) {
      const v = /--version "\$(\w+)"/.exec(l)?.[1];
      assert.ok(v, `${f}: unpinned: ${l.trim()}`);
      assert.ok(v === "version" || new RegExp(`^${v}=`, "m").test(versionsSh), `${f}: --version $${v} is not set in versions.sh`);
    }
  });

  it("DRY_RUN=1 make cluster prints every pin on its # pins: line", async () => {
    const line = (await bash("bash kind/scripts/cluster-up.sh 2>/dev/null | grep '^# pins:'", { DRY_RUN: "1" })).trim();
    assert.equal(
      line,
      `# pins: kind ${p.KIND_VERSION}, node image ${p.KIND_NODE_IMAGE}, Istio ${p.ISTIO_VERSION} (charts and istioctl), Gateway API CRDs ${p.GATEWAY_API_VERSION}, kiali-server chart ${p.KIALI_CHART_VERSION}, prometheus chart ${p.PROMETHEUS_CHART_VERSION}, host ports http ${p.KIND_HTTP_PORT} status ${p.KIND_STATUS_PORT} gateway-api ${p.KIND_GWAPI_PORT}`,
    );
  });

  it("the Gateway API CRDs are the release the pinned Istio is built against, vendored at that version, with their license", () => {
    const minor = p.ISTIO_VERSION.split(".").slice(0, 2).join(".");
    assert.equal(p.GATEWAY_API_VERSION, ISTIO_GATEWAY_API[minor], `Istio ${p.ISTIO_VERSION} is built against Gateway API ${ISTIO_GATEWAY_API[minor] ?? "(unknown: add it from its go.mod)"}`);
    // Preflight validates against the same release make cluster installs.
    assert.equal(PREFLIGHT_GATEWAY_API_VERSION, p.GATEWAY_API_VERSION, "harness/preflight/gateway-api-crds.ts pins another Gateway API release than versions.sh");
    const dir = `vendor/gateway-api/${p.GATEWAY_API_VERSION}`;
    assert.match(read(`${dir}/LICENSE`), /Apache License\s+Version 2\.0/);
    const crds = readdirSync(join(ROOT, dir, "crds"));
    assert.deepEqual(crds.filter((f) => /_(gateways|httproutes|gatewayclasses)\.yaml$/.test(f)).length, 3, crds.join(", "));
    for (const f of crds) assert.match(read(`${dir}/crds/${f}`), new RegExp(`bundle-version: ${p.GATEWAY_API_VERSION.replaceAll(".", "\\.")}\n`), f);
  });

  it("the Gateway API gateway's host port is mapped in kind/cluster.yaml to the nodePort its Gateway's ConfigMap fixes", () => {
    const cluster = read("kind/cluster.yaml");
    assert.match(cluster, new RegExp(`- containerPort: 30081\\n\\s+hostPort: ${p.KIND_GWAPI_PORT}\\n`));
    assert.match(read("kind/manifests/gateway-api/40-gateway.yaml"), /- port: 80\n\s+nodePort: 30081\n/);
  });

  it("kind/README.md states the same pins", () => {
    const readme = read("kind/README.md");
    for (const v of [p.KIND_VERSION, p.KIND_NODE_IMAGE, `ISTIO_VERSION=${p.ISTIO_VERSION}`, `ISTIO_TO\` (default ${p.ISTIO_UPGRADE_TO})`, `Kiali chart ${p.KIALI_CHART_VERSION}`, `chart ${p.PROMETHEUS_CHART_VERSION}`, `KIND_HTTP_PORT=${p.KIND_HTTP_PORT}`, `GATEWAY_API_VERSION=${p.GATEWAY_API_VERSION}`, `KIND_GWAPI_PORT=${p.KIND_GWAPI_PORT}`]) {
      assert.ok(readme.includes(v), `kind/README.md does not say ${v}`);
    }
  });

  it("the echo image's Node and CI's second run are the same LTS major, and an even (LTS) one", () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-\S+$/m.exec(read("apps/echo/Dockerfile"))?.[1];
    const ci = /^NODE_LTS_VERSION="\$\{NODE_LTS_VERSION:-(\d+)\.\d+\.\d+\}"$/m.exec(read(".ci/node-lts.sh"))?.[1];
    assert.ok(image && ci, "both pins found");
    assert.equal(image, ci);
    assert.equal(Number(image) % 2, 0);
    assert.ok(!/^FROM node:/m.test(read("apps/echo/Dockerfile")), "every stage uses the one NODE_IMAGE");
  });
});
