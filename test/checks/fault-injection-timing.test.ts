// fault-injection's delay share on a busy machine: a hand-written fault server on 127.0.0.1
// (a share of requests held for the delay, the rest answered after random jitter, a share
// aborted) judged while the event loop stalls or busy-loop processes take the cores. A
// conforming server is never failed; one whose delay is off, or too frequent, is never passed.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { faultInjection } from "../../harness/features/fault-injection/check.js";
import { BASELINE_HOST } from "../../spec/timing/delay-separation.js";
import type { CheckVerdict } from "../../harness/check-kit/types.js";
import type { FaultInjectionEvidence } from "../../harness/features/fault-injection/evidence.js";
import { httpServer, type TestServer } from "../traffic/servers.js";
import { seededRandom } from "../support/seeded-random.js";
import { busyLoops, checkContext, eventLoopStalls, under } from "./slow-client.js";

const DELAY_MS = 200;

interface FaultServer {
  server: TestServer;
  /** Route requests answered so far, and how many of them were held for the delay. */
  served: { all: number; delayed: number };
}

async function faultServer(delayPercent: number, abortPercent: number, seed: number): Promise<FaultServer> {
  const random = seededRandom(seed);
  const served = { all: 0, delayed: 0 };
  const server = await httpServer((req, res) => {
    if (req.headers.host === BASELINE_HOST) {
      res.statusCode = 404;
      res.end();
      return;
    }
    served.all++;
    const delayed = random() * 100 < delayPercent;
    const aborted = random() * 100 < abortPercent;
    const jitter = random() * 20;
    if (delayed) served.delayed++;
    void (async () => {
      if (delayed) await sleep(DELAY_MS);
      if (aborted) {
        res.statusCode = 503;
        res.end("fault filter abort");
        return;
      }
      await sleep(jitter);
      res.setHeader("x-version", "v1");
      res.end("{}");
    })();
  });
  return { server, served };
}

async function judge(f: FaultServer): Promise<CheckVerdict<FaultInjectionEvidence>> {
  const { ctx, close } = checkContext();
  try {
    return await faultInjection.run(ctx, {
      name: "faults",
      url: f.server.url,
      host: "faults.test",
      abort: { percent: 20, httpStatus: 503 },
      delay: { percent: 10, fixedDelayMs: DELAY_MS },
    });
  } finally {
    await close();
  }
}

const describeVerdict = (v: CheckVerdict) => `${v.status}: ${v.summary}`;

describe("fault-injection timing: delayed told from slow", function () {
  this.timeout(120_000);
  const servers: TestServer[] = [];
  const start = async (delayPercent: number, seed: number) => {
    const f = await faultServer(delayPercent, 20, seed);
    servers.push(f.server);
    return f;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("a conforming server is never failed while the event loop stalls past the delay", async () => {
    const f = await start(10, 1);
    // 250 ms stalls every 400 ms: undelayed answers routinely take longer than the 200 ms delay.
    const v = await under(() => eventLoopStalls(250, 400), () => judge(f));
    assert.ok(v.status === "pass" || v.status === "inconclusive", describeVerdict(v));
    assert.ok(f.served.delayed > 0, "the server delayed some requests");
  });

  it("a conforming server is never failed while busy loops take every core", async () => {
    const f = await start(10, 2);
    const v = await under(() => busyLoops(), () => judge(f));
    assert.ok(v.status === "pass" || v.status === "inconclusive", describeVerdict(v));
  });

  it("a conforming server on a quiet loop is not failed, and the separation is in the evidence", async () => {
    const f = await start(10, 3);
    const v = await judge(f);
    assert.ok(v.status === "pass" || v.status === "inconclusive", describeVerdict(v));
    assert.equal(v.evidence.kind, "fault-injection");
    const sep = v.evidence.kind === "fault-injection" ? v.evidence.delay?.separation : undefined;
    assert.ok(sep && sep.baseline.requests > 0 && sep.thresholdMs === Math.floor(DELAY_MS * 0.98), JSON.stringify(sep));
  });

  it("a server whose delay is off fails while busy loops take every core", async () => {
    const f = await start(0, 4);
    const v = await under(() => busyLoops(), () => judge(f));
    assert.equal(v.status, "fail", describeVerdict(v));
    assert.match(v.summary, /too few answers took 196 ms or more/);
  });

  it("a server whose delay is off fails while the event loop stalls short of the delay", async () => {
    const f = await start(0, 5);
    const v = await under(() => eventLoopStalls(120, 300), () => judge(f));
    assert.equal(v.status, "fail", describeVerdict(v));
  });

  it("a server whose delay is off is never passed while stalls push answers past the delay", async () => {
    const f = await start(0, 6);
    const v = await under(() => eventLoopStalls(250, 400), () => judge(f));
    assert.notEqual(v.status, "pass", describeVerdict(v));
  });

  it("a server delaying 30% instead of 10% is never passed, quiet or stalled", async () => {
    const quiet = await judge(await start(30, 7));
    assert.notEqual(quiet.status, "pass", describeVerdict(quiet));
    const stalled = await under(() => eventLoopStalls(250, 400), async () => judge(await start(30, 8)));
    assert.notEqual(stalled.status, "pass", describeVerdict(stalled));
  });
});
