// loadMesh's decisions beyond our own manifests: accepted API versions, injection overrides,
// the helm values it reads, where it looks by default, and checkMesh's full error list.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_GATEWAY_VALUES, checkMesh, loadMesh } from "../../manifests/load.js";
import { ManifestError } from "../../manifests/types.js";

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: { name: app, labels: { istio-injection: enabled } }
`;

const ECHO = (name: string, podMetadata = "") => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: app }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name} }${podMetadata}
    spec:
      containers:
        - name: echo
          ports: [{ containerPort: 9000 }]
          env:
            - { name: VERSION, value: v1 }
            - { name: SERVICE_NAME, value: ${name} }
            - { name: POD_NAMESPACE, value: app }
            - { name: PORT, value: "9000" }
            - { name: ADMIN_TOKEN, valueFrom: { secretKeyRef: { name: meshcheck-admin, key: token } } }
`;

describe("loadMesh: options and decisions", () => {
  let root: string;
  let counter = 0;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "meshcheck-load-"));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function dirWith(files: Record<string, string>): string {
    const dir = join(root, `case-${counter++}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it("accepts v1beta1 Istio APIs (same schema as v1) and maps them identically", () => {
    const ours = readFileSync(new URL("../../kind/manifests/42-canary.yaml", import.meta.url), "utf8");
    const v1beta1 = ours.replace("networking.istio.io/v1\n", "networking.istio.io/v1beta1\n");
    assert.notEqual(v1beta1, ours);
    const namespace = NAMESPACE.replace("name: app", "name: workshop-app");
    const load = (canary: string) => {
      const [vs] = loadMesh({ manifestsDir: dirWith({ "00.yaml": namespace, "42.yaml": canary }) }).virtualServices;
      return { ...vs, source: undefined };
    };
    const beta = load(v1beta1);
    assert.deepEqual(beta.http?.[0]?.route.map((r) => r.weight), [90, 10]);
    assert.deepEqual(beta, load(ours));
  });

  it("lets a pod's sidecar.istio.io/inject override its namespace, label before annotation", () => {
    const dir = dirWith({
      "00.yaml": NAMESPACE,
      "10.yaml": [
        ECHO("plain"),
        ECHO("opted-out", `\n      annotations: { sidecar.istio.io/inject: "false" }`),
        ECHO("label-wins", `\n      annotations: { sidecar.istio.io/inject: "true" }\n      labels: { app: label-wins, sidecar.istio.io/inject: "false" }`).replace(
          "labels: { app: label-wins }",
          "",
        ),
      ].join("---\n"),
    });
    const workloads = loadMesh({ manifestsDir: dir }).workloads;
    assert.deepEqual(
      workloads.map((w) => [w.name, w.injected, w.serviceAccount, w.containerPort, w.adminPort]),
      [
        ["plain", true, "default", 9000, undefined],
        ["opted-out", false, "default", 9000, undefined],
        ["label-wins", false, "default", 9000, undefined],
      ],
    );
  });

  it("finds kind/manifests from its own location, not the working directory", () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      assert.ok(loadMesh().virtualServices.some((vs) => vs.name === "workshop-canary"));
    } finally {
      process.chdir(cwd);
    }
  });

  it("checkMesh reports every bad resource, in file and line order", () => {
    const dir = dirWith({
      "00.yaml": NAMESPACE,
      "20.yaml": `apiVersion: v1\nkind: Secret\nmetadata: { name: c, namespace: app }\n`,
      "10.yaml": `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa, namespace: nowhere }\n---\n${ECHO("ok")}`,
    });
    const { model, errors } = checkMesh({ manifestsDir: dir });
    assert.deepEqual(
      errors.map((e) => [e.source.file.slice(dir.length + 1), e.source.line, e.resource, e.field]),
      [
        ["10.yaml", 3, "ServiceAccount nowhere/sa", "metadata.namespace"],
        ["20.yaml", 2, "Secret app/c", "kind"],
      ],
    );
    assert.deepEqual(model?.workloads.map((w) => w.name), ["ok"]);
    assert.throws(() => loadMesh({ manifestsDir: dir }), { message: errors[0]!.message });
  });

  it("names a missing or empty manifests directory", () => {
    const missing = join(root, "missing");
    assert.throws(() => loadMesh({ manifestsDir: missing }), (err: unknown) => {
      assert.ok(err instanceof ManifestError);
      assert.match(err.message, new RegExp(`^${missing}:0: manifests: \\(directory\\): ENOENT`));
      return true;
    });
    const empty = dirWith({ "README.md": "not yaml" });
    assert.throws(() => loadMesh({ manifestsDir: empty }), { message: `${empty}:0: manifests: (directory): holds no *.yaml files` });
  });

  describe("gateway values", () => {
    const ours = readFileSync(DEFAULT_GATEWAY_VALUES, "utf8");

    function loadWithValues(values: string) {
      const dir = dirWith({ "00.yaml": NAMESPACE });
      const file = join(root, `values-${counter++}.yaml`);
      writeFileSync(file, values);
      return { file, load: () => loadMesh({ manifestsDir: dir, gatewayValues: file }) };
    }

    it("requires the pods' labels written out, rather than guessing the chart's defaults", () => {
      const { file, load } = loadWithValues(ours.replace("  istio: ingress\n", ""));
      assert.throws(load, { message: `${file}:8: helm values istio-ingress: labels.istio: is required (write out the gateway pods' selector labels)` });
    });

    it("rejects chart values that would change what the local mesh models", () => {
      const { file, load } = loadWithValues(`${ours}name: my-gateway\n`);
      const line = ours.split("\n").length;
      assert.throws(load, (err: unknown) => {
        assert.ok(err instanceof ManifestError);
        assert.equal(err.source.line, line);
        assert.equal(err.field, "name");
        assert.match(err.message, new RegExp(`^${file}:${line}: helm values istio-ingress: name: not supported by the local mesh`));
        return true;
      });
    });

    it("requires the service account name", () => {
      const { load } = loadWithValues(ours.replace("  name: istio-ingress\n", ""));
      assert.throws(load, /: helm values istio-ingress: serviceAccount\.name: is required$/);
    });
  });
});
