// The resilience scenarios' decisions on real answers, without k6: plain HTTP requests to the
// local mesh's gateway (as k6's direct vantage sends them), read through lib/observe.ts's
// fromPlainResponse and judged by the lib predicates and planRates thresholds timeouts.ts,
// faults.ts and retries.ts use — clean mesh passes, each feature's fault is caught. This checks
// the decisions, not k6: the thresholds k6 evaluates are re-evaluated here by ratesPass.
import assert from "node:assert/strict";
import { request } from "node:http";
import { fromPlainResponse, observedKey, withPath, type Observation } from "../../scenarios/lib/observe.js";
import { isAppAnswer, isDelayed, isFaultAbort, isTimeoutCut, minimumSuccessRate, timeoutBoundsMs } from "../../scenarios/lib/resilience.js";
import { planRates, ratesPass } from "../../scenarios/lib/shares.js";
import { STATS_DEFAULTS } from "../../scenarios/lib/stats-defaults.js";
import { startLocalMesh } from "../../local-mesh/index.js";
import type { TargetProfile } from "../../harness/profile/types.js";
import { seededRandom } from "../support/seeded-random.js";

/** One GET with a Host header (fetch forbids setting it), timed like k6's timings.duration (connect included here: loopback). */
function get(url: string, host: string | undefined, p: TargetProfile): Promise<Observation> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const req = request(url, { headers: host ? { host } : {}, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
        done(fromPlainResponse({ status: res.statusCode ?? 0, headers, body, error: "", error_code: 0, durationMs: performance.now() - started }, p.identify));
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", fail);
    req.end();
  });
}

async function many(n: number, concurrency: number, one: () => Promise<Observation>): Promise<Observation[]> {
  const out: Observation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      out.push(await one());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

async function withMesh(faults: string[], fn: (p: TargetProfile) => Promise<void>): Promise<void> {
  const mesh = await startLocalMesh({ faults, random: seededRandom(4242) });
  try {
    await fn(mesh.profile);
  } finally {
    await mesh.stop();
  }
}

const opts = { delta: STATS_DEFAULTS.delta, alpha: STATS_DEFAULTS.alpha, beta: STATS_DEFAULTS.beta };
const share = (os: Observation[], f: (o: Observation) => boolean) => os.filter(f).length / os.length;

describe("resilience scenario decisions on the local mesh's real answers", function () {
  this.timeout(60_000);

  it("timeouts: the control answers from the app; slow requests are cut with 504 in bounds — and answered late once timeouts are off", async () => {
    for (const [faults, cut] of [[[], true], [["timeouts-off"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.timeouts![0]!;
        const bounds = timeoutBoundsMs(t.timeoutMs);
        const control = await get(withPath(t.url, t.controlPath), t.host, p);
        assert.ok(isAppAnswer(control), observedKey(control));
        const slow = await Promise.all([1, 2, 3].map(() => get(withPath(t.url, t.path), t.host, p)));
        const seen = slow.map((o) => `${observedKey(o)} in ${Math.round(o.latencyMs ?? -1)} ms`).join(", ");
        assert.deepEqual(slow.map((o) => isTimeoutCut(o, bounds)), [cut, cut, cut], seen);
        if (!cut) assert.ok(slow.every((o) => isAppAnswer(o) && (o.latencyMs ?? 0) > bounds[1]), seen);
      });
    }
  });

  it("faults: the planned sample shows 20 % aborts and 10 % delays within δ — and none once fault injection is off", async () => {
    for (const [faults, pass] of [[[], true], [["fault-injection-off"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.faultInjection![0]!;
        const plan = planRates(
          [
            { name: "abort", expected: t.abort!.percent / 100, sides: "both" },
            { name: "delay", expected: t.delay!.percent / 100, sides: "both" },
          ],
          opts,
        );
        const os = await many(plan.requests, 16, () => get(t.url, t.host, p));
        const unexpected = os.filter((o) => !isAppAnswer(o) && !isFaultAbort(o, t.abort!.httpStatus)).map(observedKey);
        assert.deepEqual(unexpected, [], "every answer is the app's or the injected abort");
        const observed = { abort: share(os, (o) => isFaultAbort(o, t.abort!.httpStatus)), delay: share(os, (o) => isDelayed(o, t.delay!.fixedDelayMs)) };
        assert.equal(ratesPass(plan, observed, os.length), pass, JSON.stringify(observed));
      });
    }
  });

  it("retries: the planned sample succeeds at ≥ 1 − f^(attempts+1) − δ — and at about 1 − f once retries are off", async () => {
    for (const [faults, pass] of [[[], true], [["retries-off"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.retries![0]!;
        const plan = planRates([{ name: "success", expected: minimumSuccessRate(t.failRatio, t.attempts), sides: "min" }], opts);
        const os = await many(plan.requests, 8, () => get(withPath(t.url, t.path), t.host, p));
        const observed = { success: share(os, (o) => o.kind === "response" && o.status >= 200 && o.status < 300) };
        assert.equal(ratesPass(plan, observed, os.length), pass, JSON.stringify(observed));
      });
    }
  });
});
