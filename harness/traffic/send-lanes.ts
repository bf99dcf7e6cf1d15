// Runs `n` sends with at most `concurrency` at once and keeps results in send order; the
// first rejection (abort, broken vantage) rejects the whole batch after the lanes stop.

export async function sendInLanes<T>(n: number, concurrency: number, sendOne: () => Promise<T>): Promise<T[]> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`batch size must be a whole number >= 0, got ${n}`);
  const results = new Array<T>(n);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < n) {
      const i = next++;
      try {
        results[i] = await sendOne();
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const lanes = Math.max(1, Math.min(n, Math.floor(concurrency) || 1));
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const rejected = settled.find((s) => s.status === "rejected");
  if (rejected !== undefined) throw (rejected as PromiseRejectedResult).reason;
  return results;
}
