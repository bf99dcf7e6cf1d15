// The kind driver's live half, against a stand-in kubectl (no cluster here; what the real
// cluster does is not claimed): it names only the kind context, port-forwards on 127.0.0.1,
// builds the profile at the forwarded addresses, stops every port-forward, and an unreachable
// cluster or a missing kubectl is exit 3 in one line.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { startKind } from "../../harness/targets/kind.js";
import { CannotTestError } from "../../harness/errors.js";
import { fakeKubectl, type FakeKubectl } from "./fake-kubectl.js";

const KIND = fileURLToPath(new URL("../../kind/", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/meshcheck.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function get(origin: string): Promise<string> {
  return new Promise((resolve) => {
    const { port } = new URL(origin);
    const s = connect(Number(port), "127.0.0.1");
    let data = "";
    s.on("data", (d) => (data += d.toString()));
    s.on("end", () => resolve(data));
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });
}

describe("kind target, with a stand-in kubectl", function () {
  this.timeout(30_000);
  let fake: FakeKubectl;
  const saved = { KUBECTL: process.env.KUBECTL, MODE: process.env.FAKE_KUBECTL_MODE };
  beforeEach(() => {
    fake = fakeKubectl();
    process.env.KUBECTL = fake.path;
  });
  afterEach(() => {
    for (const [k, v] of [["KUBECTL", saved.KUBECTL], ["FAKE_KUBECTL_MODE", saved.MODE]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fake.dispose();
  });

  it("port-forwards each forwarder on 127.0.0.1 under the kind context, and stop closes them", async () => {
    const kind = await startKind(KIND, "meshcheck");
    let stopped = false;
    try {
      const forwarders = Object.entries(kind.profile.vantages).filter(([, v]) => v.kind === "forwarder");
      assert.deepEqual(forwarders.map(([n]) => n).sort(), ["intruder", "outsider", "workshop-app"]);
      for (const [, v] of forwarders) {
        assert.ok(v.kind === "forwarder");
        assert.match(v.url, /^http:\/\/127\.0\.0\.1:\d+\/forward$/);
        assert.match(await get(v.url), /200 OK/);
      }
      assert.equal(kind.profile.canary?.[0]?.url, "http://127.0.0.1:8080/");
      const pf = fake.calls().filter((c) => c.includes("port-forward"));
      assert.equal(pf.length, 3);
      for (const c of pf) {
        assert.deepEqual(c.slice(0, 2), ["--context", "kind-meshcheck"]);
        assert.deepEqual(c.slice(-2), ["--address", "127.0.0.1"]);
      }
      assert.ok(fake.calls().filter((c) => c.includes("get")).every((c) => c[1] === "kind-meshcheck"));
      const urls = forwarders.map(([, v]) => (v.kind === "forwarder" ? v.url : ""));
      await kind.stop();
      stopped = true;
      for (const u of urls) assert.equal(await get(u), "ECONNREFUSED");
    } finally {
      if (!stopped) await kind.stop();
    }
  });

  it("an unreachable cluster: CannotTestError, one line naming the context", async () => {
    process.env.FAKE_KUBECTL_MODE = "unreachable";
    await assert.rejects(startKind(KIND, "meshcheck"), (err: unknown) => {
      assert.ok(err instanceof CannotTestError);
      assert.equal(err.exitCode, 3);
      assert.match(err.message, /^--target kind: cannot reach cluster kind-meshcheck: The connection to the server/);
      assert.ok(!err.message.includes("\n"));
      return true;
    });
  });

  it("a Deployment missing from the cluster: CannotTestError naming it", async () => {
    process.env.FAKE_KUBECTL_MODE = "notfound";
    await assert.rejects(startKind(KIND, "meshcheck"), (err: unknown) => err instanceof CannotTestError && /Deployment workshop-app\/workshop-app-v1 is not in cluster kind-meshcheck/.test(err.message));
  });

  it("no context for the cluster: CannotTestError, and nothing else is asked of kubectl", async () => {
    await assert.rejects(startKind(KIND, "other"), (err: unknown) => err instanceof CannotTestError && /no kubeconfig context kind-other; run make cluster/.test(err.message));
    assert.deepEqual(fake.calls(), [["config", "get-contexts", "-o", "name"]]);
  });

  it("meshcheck run --target kind without kubectl: exit 3, one line", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, "run", "--target", "kind", "--out", `${fake.path}.run`, "--no-history"],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", KUBECTL: "/nonexistent/kubectl" }, timeout: 60_000 },
        (err, _out, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr }),
      );
    });
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("meshcheck: --target kind"));
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
    assert.match(lines[0] ?? "", /^meshcheck: --target kind: kubectl is not on PATH/);
  });
});
