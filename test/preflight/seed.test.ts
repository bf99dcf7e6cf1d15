// The seed guide's configuration (fixtures/seed-guide), fed to preflight: every defect it carries
// is found, at the file and line where it is, and our kind/ configuration is clean.
import { strict as assert } from "node:assert";
import { fileURLToPath } from "node:url";
import { basename } from "node:path";
import { SEED_GUIDE_DIR } from "./seed-guide.js";
import { preflight } from "../../harness/preflight/run.js";
import type { Finding } from "../../harness/preflight/types.js";

const KIND_DIR = fileURLToPath(new URL("../../kind/", import.meta.url));

describe("preflight on the seed's configuration", () => {
  let findings: Finding[];
  before(() => {
    findings = preflight(SEED_GUIDE_DIR);
  });

  function found(rule: string, file: RegExp, message: RegExp, severity: "error" | "warning" = "error"): Finding {
    const hit = findings.find((f) => f.rule === rule && file.test(basename(f.file)) && message.test(f.message));
    assert.ok(hit, `no ${rule} finding in ${file} matching ${message}; got:\n${findings.map((f) => `${basename(f.file)}:${f.line} ${f.rule} ${f.message}`).join("\n")}`);
    assert.equal(hit.severity, severity);
    return hit;
  }

  it("kind config: containerPort 15021 mapped twice, reported at the second mapping", () => {
    const f = found("kind-port-duplicate", /kind-config\.yaml$/, /containerPort 15021\/TCP is mapped twice/);
    assert.equal(f.line, 24); // the second `- containerPort: 15021`
  });

  it("kind config: host ports go to node ports 80/443/15021, which no gateway nodePort serves", () => {
    for (const port of [80, 443, 15021]) found("kind-port-nodeport", /kind-config\.yaml$/, new RegExp(`forwarded to node port ${port},.*LoadBalancer`));
  });

  it("Gateway selects istio=ingressgateway; the istio-ingress release labels its pods istio=ingress", () => {
    const f = found("gateway-selector", /gateway\.yaml$/, /selects istio=ingressgateway.*istio=ingress/);
    assert.equal(f.line, 8); // `selector:`
  });

  it("AuthorizationPolicy admits only workshop-app, so gateway traffic is denied", () => {
    found("authz-gateway-denied", /authentication\.yaml$/, /cluster\.local\/ns\/istio-system\/sa\/istio-ingress.*403/);
  });

  it("v1beta1 APIs are warnings naming v1 as current", () => {
    const files = findings.filter((f) => f.rule === "api-version").map((f) => basename(f.file));
    assert.equal(files.length, 6);
    found("api-version", /peer-authentication\.yaml$/, /security\.istio\.io\/v1 is current since Istio 1\.22/, "warning");
  });

  it("istioctl authn tls-check, removed in Istio 1.6", () => {
    found("removed-command", /\.sh$/, /removed in Istio 1\.6/);
  });

  it("Kiali from a helm repo that was never added", () => {
    found("helm-repo", /\.sh$/, /kiali\/kiali-server.*"kiali"/);
  });

  it("Kiali's nginx Ingress with no ingress controller", () => {
    found("ingress-controller", /kiali-ingress\.yaml$/, /class nginx/);
  });

  it("Kiali pointed at prometheus.monitoring:9090, which nothing installs", () => {
    found("kiali-prometheus", /kiali-config\.yaml$/, /prometheus\.monitoring:9090.*Service prometheus in namespace monitoring/);
  });

  it("also: the guide's three workshop-vs documents replace each other", () => {
    assert.equal(findings.filter((f) => f.rule === "duplicate-resource").length, 2);
  });
});

describe("preflight on kind/", () => {
  it("finds nothing: no errors, no warnings", () => {
    assert.deepEqual(preflight(KIND_DIR), []);
  });
});
