// The fault check's paced sender: results in send order whatever order they settle in, a request
// held past agedMs frees its slot (so one delayed request does not hold the others), the limits
// hold, and a failed send stops the stream once the others settled. No assertion rides on timing:
// each request settles when the test says so.
import assert from "node:assert/strict";
import { sendPaced, type Pace } from "../../harness/features/fault-injection/paced-sender.js";

interface Held {
  index: number;
  settle: (value: number) => void;
  fail: (e: Error) => void;
}

/** A stream of `n` requests the test settles by hand; records what was sent, consumed and in flight. */
function handStream(n: number, stopAt?: number) {
  const held: Held[] = [];
  const consumed: number[] = [];
  let inFlight = 0;
  let most = 0;
  let sent = 0;
  let onSend: ((h: Held) => void) | undefined;
  const stream = {
    next: () => {
      if (sent >= n) return undefined;
      const index = sent++;
      return () =>
        new Promise<number>((resolve, reject) => {
          inFlight++;
          most = Math.max(most, inFlight);
          const h: Held = {
            index,
            settle: (v) => {
              inFlight--;
              resolve(v);
            },
            fail: (e) => {
              inFlight--;
              reject(e);
            },
          };
          held.push(h);
          onSend?.(h);
        });
    },
    consume: (v: number) => {
      consumed.push(v);
      return stopAt !== undefined && consumed.length >= stopAt;
    },
  };
  return { stream, held, consumed, most: () => most, sent: () => sent, onSend: (f: (h: Held) => void) => (onSend = f) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("fault-injection paced sender", () => {
  it("hands results on in send order though later requests settle first", async () => {
    const s = handStream(6);
    // Settle each request as soon as it is sent, except the first, which waits for all the others.
    s.onSend((h) => {
      if (h.index === 0) return;
      h.settle(h.index);
      if (h.index === 5) setImmediate(() => s.held[0]!.settle(0));
    });
    const sent = await sendPaced({ active: 6, agedMs: 10_000, maxInFlight: 6 }, s.stream);
    assert.equal(sent, 6);
    assert.deepEqual(s.consumed, [0, 1, 2, 3, 4, 5]);
  });

  it("a stop consumes nothing sent after the result that stopped it, and awaits those in flight", async () => {
    const s = handStream(10, 2);
    s.onSend((h) => {
      // Request 0 settles last: results 1.. wait for it, and the stop comes at result 1.
      if (h.index === 0) setTimeout(() => h.settle(0), 20);
      else h.settle(h.index);
    });
    const sent = await sendPaced({ active: 4, agedMs: 10_000, maxInFlight: 4 }, s.stream);
    // The others settled at once and freed their slots, so all ten went out while 0 was held.
    assert.equal(sent, 10);
    assert.deepEqual(s.consumed, [0, 1]);
  });

  it("a request held past agedMs frees its slot: the next one goes out while it is still held", async () => {
    const s = handStream(3);
    let firstSettled = false;
    const startedWhileFirstHeld: number[] = [];
    s.onSend((h) => {
      if (h.index === 0) {
        // Held until the others went out, or 5 s at most (then the assertion below fails).
        const give = setTimeout(() => {
          firstSettled = true;
          h.settle(0);
        }, 5000);
        s.onSend((later) => {
          if (!firstSettled) startedWhileFirstHeld.push(later.index);
          later.settle(later.index);
          if (later.index === 2) {
            clearTimeout(give);
            firstSettled = true;
            h.settle(0);
          }
        });
      }
    });
    await sendPaced({ active: 1, agedMs: 5, maxInFlight: 4 }, s.stream);
    assert.deepEqual(startedWhileFirstHeld, [1, 2]);
    assert.deepEqual(s.consumed, [0, 1, 2]);
  });

  it("keeps at most `active` young and `maxInFlight` in all", async () => {
    const young = handStream(40);
    const pace: Pace = { active: 3, agedMs: 10_000, maxInFlight: 8 };
    young.onSend((h) => setTimeout(() => h.settle(h.index), 1));
    await sendPaced(pace, young.stream);
    assert.equal(young.most(), 3, "nothing ages within 10 s: at most `active`");

    const aged = handStream(40);
    // Every request is held until 8 are: they all age at once (agedMs 1), so only maxInFlight
    // limits them. A fallback release every 200 ms keeps a broken pace from hanging the test.
    aged.onSend(() => {
      if (aged.held.length === 8) for (const h of aged.held.splice(0)) setImmediate(() => h.settle(h.index));
    });
    const release = setInterval(() => {
      for (const h of aged.held.splice(0)) h.settle(h.index);
    }, 200);
    try {
      await sendPaced({ active: 2, agedMs: 1, maxInFlight: 8 }, aged.stream);
    } finally {
      clearInterval(release);
    }
    assert.equal(aged.most(), 8, "aged requests free their slots up to maxInFlight");
    assert.equal(aged.consumed.length, 40);
  });

  it("a rejected send stops the stream and is rethrown after the others settled", async () => {
    const s = handStream(20);
    let settledAfterFailure = false;
    s.onSend((h) => {
      if (h.index === 1) h.fail(new Error("vantage broken"));
      else if (h.index === 0)
        setTimeout(() => {
          settledAfterFailure = true;
          h.settle(0);
        }, 20);
    });
    await assert.rejects(sendPaced({ active: 2, agedMs: 10_000, maxInFlight: 2 }, s.stream), /vantage broken/);
    assert.ok(settledAfterFailure, "the request in flight settled before the rejection");
    assert.ok(s.sent() <= 3, `sent ${s.sent()}`);
    await tick();
  });
});
