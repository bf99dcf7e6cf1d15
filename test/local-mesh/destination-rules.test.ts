// DestinationRules in the local mesh over real sockets: the breaker's connection pool
// overflows a burst with Envoy's 503, the outlier Service ejects its failing pod, and each
// fault switches exactly that off.
import assert from "node:assert/strict";
import { request } from "undici";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { OVERFLOW_BODY } from "../../local-mesh/runtime/destination-policies.js";
import { seededRandom } from "../support/seeded-random.js";

interface Answer {
  status: number;
  version?: string;
  overloaded?: string;
  body: string;
}

async function get(mesh: LocalMesh, host: string, path: string): Promise<Answer> {
  const res = await request(`${mesh.addresses.gateway}${path}`, { headers: { host } });
  const body = await res.body.text();
  const version = res.headers["x-version"];
  const overloaded = res.headers["x-envoy-overloaded"];
  return { status: res.statusCode, body, ...(typeof version === "string" && { version }), ...(typeof overloaded === "string" && { overloaded }) };
}

const burst = (mesh: LocalMesh, n: number) => Promise.all(Array.from({ length: n }, () => get(mesh, "breaker.workshop-app.local", "/delay/300")));

async function sequential(mesh: LocalMesh, n: number): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i++) out.push(await get(mesh, "outlier.workshop-app.local", "/?failStatus=500"));
  return out;
}

describe("local mesh DestinationRules", function () {
  this.timeout(20_000);

  describe("clean", () => {
    let mesh: LocalMesh;
    before(async () => {
      mesh = await startLocalMesh({ random: seededRandom(7) });
    });
    after(async () => mesh?.stop());

    it("a burst over 1 connection + 1 pending gets two answers and Envoy's overflow 503 for the rest", async () => {
      const answers = await burst(mesh, 6);
      const ok = answers.filter((a) => a.status === 200);
      const overflow = answers.filter((a) => a.status === 503);
      assert.equal(ok.length, 2, JSON.stringify(answers));
      assert.equal(overflow.length, 4);
      for (const a of overflow) {
        assert.equal(a.overloaded, "true");
        assert.equal(a.body, OVERFLOW_BODY);
      }
      // The breaker closes again: one at a time always gets through.
      assert.equal((await get(mesh, "breaker.workshop-app.local", "/")).status, 200);
    });

    it("ejects the failing pod after 3 consecutive 5xx; then only the steady pod answers", async () => {
      const first = await sequential(mesh, 12);
      const failures = first.filter((a) => a.status === 500);
      assert.equal(failures.length, 3, JSON.stringify(first.map((a) => `${a.version}:${a.status}`)));
      assert.ok(failures.every((a) => a.version === "flaky"));
      const lastFailure = first.findLastIndex((a) => a.status === 500);
      assert.ok(first.slice(lastFailure + 1).every((a) => a.status === 200 && a.version === "steady"));
    });
  });

  for (const [fault, what] of [["circuit-breaker-off", "every request of the burst is answered"], ["outlier-detection-off", "the failing pod keeps failing"]] as const) {
    it(`${fault}: ${what}`, async () => {
      const mesh = await startLocalMesh({ faults: [fault], random: seededRandom(7) });
      try {
        if (fault === "circuit-breaker-off") {
          assert.deepEqual((await burst(mesh, 6)).map((a) => a.status), [200, 200, 200, 200, 200, 200]);
        } else {
          const answers = await sequential(mesh, 20);
          assert.ok(answers.filter((a) => a.status === 500).length > 3, JSON.stringify(answers.map((a) => a.status)));
        }
      } finally {
        await mesh.stop();
      }
    });
  }
});
