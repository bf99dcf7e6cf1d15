// The per-request knobs of the service port, parsed from path and query. Each parse returns
// either a value or a one-line error, so the handler answers 400 instead of guessing.

/** Longest `/delay/{ms}` we serve: long enough for any mesh timeout test, short enough to drain. */
export const MAX_DELAY_MS = 60_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Statuses we can answer with a body (1xx are not final responses). */
export function parseStatus(text: string, what: string): Parsed<number> {
  if (!/^\d{3}$/.test(text)) return bad(`${what} must be a 3-digit HTTP status, got "${text}"`);
  const code = Number(text);
  if (code < 200 || code > 599) return bad(`${what} must be between 200 and 599, got ${code}`);
  return ok(code);
}

export function parseDelayMs(text: string): Parsed<number> {
  if (!/^\d{1,9}$/.test(text)) return bad(`delay must be whole milliseconds, got "${text}"`);
  const ms = Number(text);
  if (ms > MAX_DELAY_MS) return bad(`delay must be at most ${MAX_DELAY_MS} ms, got ${ms}`);
  return ok(ms);
}

export function parseRatio(text: string, what: string): Parsed<number> {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    return bad(`${what} must be a number between 0 and 1, got "${text}"`);
  }
  return ok(value);
}

export interface FailurePlan {
  ratio: number;
  status: number;
}

/** `?failRatio=` overrides the workload ratio for one request; `?failStatus=` picks the status. */
export function parseFailurePlan(query: URLSearchParams, workloadRatio: number): Parsed<FailurePlan> {
  let ratio = workloadRatio;
  const ratioText = query.get("failRatio");
  if (ratioText !== null) {
    const parsed = parseRatio(ratioText, "failRatio");
    if (!parsed.ok) return parsed;
    ratio = parsed.value;
  }
  let status = 503;
  const statusText = query.get("failStatus");
  if (statusText !== null) {
    const parsed = parseStatus(statusText, "failStatus");
    if (!parsed.ok) return parsed;
    status = parsed.value;
  }
  return ok({ ratio, status });
}

/** Draws only when the ratio is positive, so a seeded sequence maps one draw to one request. */
export function shouldFail(plan: FailurePlan, random: () => number): boolean {
  return plan.ratio > 0 && random() < plan.ratio;
}
