// make cluster on an existing cluster: reused only when it was created from this same kind config
// (config text with its host ports, and node image), refused with one line otherwise. Run for
// real against stand-in docker/kind/kubectl/helm that log their calls (no cluster here); the
// stand-in helm fails, so a run that gets past the check stops at its first helm call.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sh(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

const STUBS: Record<string, string> = {
  kind: `case "$1" in get) echo meshcheck ;; version) echo "\${KIND_STUB_VERSION:-kind v0.33.0 go1.25.4 linux/amd64}" ;; esac`,
  kubectl: `case "$*" in *"get configmap meshcheck-kind-config"*) [ -n "$KUBECTL_DOWN" ] && exit 1; printf %s "$RECORDED" ;; esac`,
  docker: "",
  helm: "exit 7",
};

describe("make cluster reuses only a cluster built from the same kind config", function () {
  this.timeout(60_000);
  let bin: string;
  let log: string;
  let pinnedImage: string;

  before(async () => {
    bin = mkdtempSync(join(tmpdir(), "meshcheck-stubs-"));
    log = join(bin, "calls.log");
    for (const [name, body] of Object.entries(STUBS)) {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    pinnedImage = (await sh("bash", ["-c", "source kind/scripts/versions.sh && printf %s \"$KIND_NODE_IMAGE\""], {})).stdout;
  });
  after(() => rmSync(bin, { recursive: true, force: true }));

  /** The hash make cluster records for this config, computed by the same renderer. */
  async function configHash(httpPort = "18080", image = pinnedImage): Promise<string> {
    const r = await sh("node", ["kind/scripts/kind-config.js", "kind/cluster.yaml", join(bin, "rendered.yaml"), httpPort, "15021", image, "18081"], {});
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  }

  async function clusterUp(env: Record<string, string>) {
    writeFileSync(log, "");
    const r = await sh("bash", ["kind/scripts/cluster-up.sh"], { PATH: `${bin}:${process.env.PATH}`, DRY_RUN: "0", KIND_CLUSTER: "meshcheck", KIND_HTTP_PORT: "", KIND_NODE_IMAGE: "", ...env });
    return { ...r, calls: readFileSync(log, "utf8"), last: r.stderr.trim().split("\n").at(-1) ?? "" };
  }

  it("the same config: kept, and the run goes on (to helm, here stubbed to fail)", async () => {
    const r = await clusterUp({ RECORDED: await configHash() });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /exists and was created from this config; keeping it/);
    assert.match(r.calls, /^helm repo add istio /m);
    assert.doesNotMatch(r.calls, /^kind create/m);
    assert.doesNotMatch(r.stderr, /cluster-up\.sh: warning/);
  });

  it("another kind than the pinned one: a one-line warning naming both, and the run goes on", async () => {
    const r = await clusterUp({ RECORDED: await configHash(), KIND_STUB_VERSION: "kind v0.32.0 go1.25.1 linux/amd64" });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /^cluster-up\.sh: warning: 'kind v0\.32\.0' is not kind v0\.33\.0, whose release notes list the node image kindest\/node:v1\.35\.8@sha256:[0-9a-f]{64}; install kind v0\.33\.0 if the cluster does not come up$/m);
  });

  it("another kind config (a different host port): refused with one line, exit 2, nothing created or installed", async () => {
    const r = await clusterUp({ RECORDED: await configHash("19090") });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.last, /^cluster-up\.sh: kind cluster meshcheck was not created from this kind config \(recorded sha256 [0-9a-f]{12}, this config [0-9a-f]{12}: node image, host ports or kind\/cluster\.yaml differ\); delete it with make down, or set KIND_CLUSTER to another name$/);
    assert.doesNotMatch(r.calls, /^(kind create|helm|docker)/m);
  });

  it("the recorded hash is of the config's content: a comment or layout change keeps it, a value change does not", async () => {
    const text = readFileSync(join(ROOT, "kind/cluster.yaml"), "utf8");
    const hashOf = async (yaml: string) => {
      writeFileSync(join(bin, "edited.yaml"), yaml);
      const r = await sh("node", ["kind/scripts/kind-config.js", join(bin, "edited.yaml"), join(bin, "rendered.yaml"), "18080", "15021", pinnedImage, "18081"], {});
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    };
    const original = await configHash();
    assert.equal(await hashOf(`# a note added\n${text.replaceAll("   # ", "  # ")}`), original);
    assert.notEqual(await hashOf(text.replace("listenAddress: 127.0.0.1", "listenAddress: 0.0.0.0")), original);
  });

  it("KIND_HTTP_PORT changed since the cluster was made: refused", async () => {
    const r = await clusterUp({ RECORDED: await configHash(), KIND_HTTP_PORT: "19090" });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.last, /was not created from this kind config/);
  });

  it("another node image: refused", async () => {
    const r = await clusterUp({ RECORDED: await configHash("18080", "kindest/node:v1.36.4") });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.last, /was not created from this kind config/);
  });

  it("no record (a cluster made by hand or before the record): refused, saying so", async () => {
    const r = await clusterUp({ RECORDED: "" });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.last, /this config [0-9a-f]{12}: node image, host ports or kind\/cluster\.yaml differ, or it predates the record\); delete it with make down/);
  });

  it("the cluster's API server down: exit 3, one line, not a verdict on its config", async () => {
    const r = await clusterUp({ RECORDED: await configHash(), KUBECTL_DOWN: "1" });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.last, /^cluster-up\.sh: kind cluster meshcheck exists but its API server does not answer \(context kind-meshcheck\)/);
  });

  it("a host port setting that is no port: exit 2 before anything runs", async () => {
    const r = await clusterUp({ RECORDED: "", KIND_HTTP_PORT: "80" });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.last, "kind-config.js: KIND_HTTP_PORT=80 is not a port in 1024-65535; set it to a free port, e.g. KIND_HTTP_PORT=18080");
    assert.doesNotMatch(r.calls, /^(kind create|kubectl|helm|docker)/m);
  });
});
