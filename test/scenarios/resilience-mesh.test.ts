// The resilience scenarios' decisions on real answers, without k6: plain HTTP requests to the
// local mesh's gateway (as k6's direct vantage sends them), read through spec/outcome.ts's
// fromPlainResponse and judged by the lib predicates and planRates thresholds timeouts.ts,
// faults.ts and retries.ts use — clean mesh passes, each feature's fault is caught. This checks
// the decisions, not k6: the thresholds k6 evaluates are re-evaluated here by ratesPass, and the
// delay share by the separation rule faults.ts applies (a baseline to a host no route serves,
// sent in the same batches). The machine may be busy: a clean mesh must then never fail, and
// a switched-off feature must still fail, on evidence that no slowness can fake.
import assert from "node:assert/strict";
import { request } from "node:http";
import { fromPlainResponse, observedKey, withPath, type Observation } from "../../spec/outcome.js";
import { isAppAnswer, isFaultAbort, isTimeoutCut, minimumSuccessRate } from "../../spec/resilience.js";
import { addControl, judgeCuts, type ControlTimes } from "../../spec/timing/timeout-bounds.js";
import { BASELINE_HOST, judgeDelayShare, SeparationMeter } from "../../spec/timing/delay-separation.js";
import { planRates, ratesPass } from "../../scenarios/lib/shares.js";
import { STATS_DEFAULTS } from "../../spec/knobs.js";
import { startLocalMesh } from "../../local-mesh/index.js";
import type { TargetProfile } from "../../spec/profile/types.js";
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
// faults.ts sends VUS (default 16) route requests per batch.
const BATCH = 16;
const share = (os: Observation[], f: (o: Observation) => boolean) => os.filter(f).length / os.length;

describe("resilience scenario decisions on the local mesh's real answers", function () {
  // Generous: on a busy machine the local mesh answers slowly, and each test runs two meshes.
  this.timeout(180_000);

  it("timeouts: the control answers from the app; slow requests cut with 504 are never failed however busy the machine — and fail once timeouts are off", async () => {
    for (const [faults, enforced] of [[[], true], [["timeouts-off"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.timeouts![0]!;
        const control = await get(withPath(t.url, t.controlPath), t.host, p);
        assert.ok(isAppAnswer(control), observedKey(control));
        // As timeouts.ts: the slow requests at once, controls back to back while they are out.
        const controls: ControlTimes & { answered: number } = { requests: 0, totalMs: 0, minLatencyMs: 0, answered: 0 };
        let out = true;
        const meanwhile = (async () => {
          while (out) {
            const o = await get(withPath(t.url, t.controlPath), t.host, p);
            addControl(controls, o.latencyMs ?? 10_000);
            if (isAppAnswer(o)) controls.answered++;
          }
        })();
        const slow = await Promise.all([1, 2, 3].map(() => get(withPath(t.url, t.path), t.host, p))).finally(() => (out = false));
        await meanwhile;
        const judgement = judgeCuts(
          t.timeoutMs,
          slow.map((o) => ({
            key: observedKey(o),
            latencyMs: o.latencyMs,
            cut: isTimeoutCut(o),
            answered: o.kind === "response" && o.status >= 200 && o.status < 300,
            clientTimeout: false,
          })),
          controls,
        );
        const seen = `${judgement.status}: ${judgement.why}`;
        if (enforced) {
          assert.notEqual(judgement.status, "fail", seen);
          assert.ok(slow.every((o) => o.kind === "response" && o.status === 504), seen);
          if (judgement.status !== "pass") console.log(`      (clean mesh, timeout undecided on this machine: ${judgement.why})`);
        } else {
          // The app's late 2xx is proof under any load: no slowness turns a 504 into an answer.
          assert.equal(judgement.status, "fail", seen);
          assert.match(judgement.why, /answered anyway/);
        }
      });
    }
  });

  it("faults: the planned sample with a baseline alongside shows 20 % aborts, and the delay share never fails a clean mesh however busy — and fails once fault injection is off", async () => {
    for (const [faults, clean] of [[[], true], [["fault-injection-off"], false]] as const) {
      await withMesh([...faults], async (p) => {
        const t = p.faultInjection![0]!;
        const plan = planRates(
          [
            { name: "abort", expected: t.abort!.percent / 100, sides: "both" },
            { name: "delay", expected: t.delay!.percent / 100, sides: "both" },
          ],
          opts,
        );
        // As faults.ts: batches of route requests with as many baseline requests at the same moments.
        const meter = new SeparationMeter(t.delay!.fixedDelayMs, opts.delta / 2, opts.alpha);
        const os: Observation[] = [];
        while (os.length < plan.requests) {
          const n = Math.min(BATCH, plan.requests - os.length);
          const [route, baseline] = await Promise.all([
            Promise.all(Array.from({ length: n }, () => get(t.url, t.host, p))),
            Promise.all(Array.from({ length: n }, () => get(t.url, BASELINE_HOST, p))),
          ]);
          os.push(...route);
          for (const o of baseline) meter.observeBaseline(o.latencyMs);
        }
        const unexpected = os.filter((o) => !isAppAnswer(o) && !isFaultAbort(o, t.abort!.httpStatus)).map(observedKey);
        assert.deepEqual(unexpected, [], "every answer is the app's or the injected abort");
        for (const o of os) if (o.latencyMs !== undefined && !meter.isDelayed(o.latencyMs)) meter.observeRoute(o.latencyMs);
        const abort = share(os, (o) => isFaultAbort(o, t.abort!.httpStatus));
        const delayed = share(os, (o) => o.latencyMs !== undefined && meter.isDelayed(o.latencyMs));
        const [abortBand, delayBand] = plan.rates;
        const abortWithin = abort >= abortBand!.low && abort <= abortBand!.high;
        const judgement = judgeDelayShare(delayed, delayBand!, opts.delta, meter.evidence());
        // faults.ts's verdict: an abort share off its band or a delay fail stands (exit 99); an
        // undecided delay share with no fail standing is could-not-test (exit 108).
        const verdict = !abortWithin || judgement.status === "fail" ? "fail" : judgement.status;
        const seen = `aborted ${abort}; delay ${judgement.status}: ${judgement.why}`;
        if (clean) {
          assert.ok(abortWithin, seen);
          assert.notEqual(verdict, "fail", seen);
          // Not an assertion: a busy machine may leave the delay share undecided (k6 exits 108).
          if (verdict !== "pass") console.log(`      (clean mesh, delay share undecided on this machine: ${judgement.why})`);
        } else {
          assert.equal(verdict, "fail", seen);
          assert.ok(!abortWithin, seen);
          // Without delays, the delay share is never passed; it fails outright unless the
          // machine is so slow that undelayed answers alone reach the band (then undecided).
          assert.notEqual(judgement.status, "pass", seen);
          if (judgement.status !== "fail") console.log(`      (fault injection off, delay share undecided on this machine: ${judgement.why})`);
        }
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
