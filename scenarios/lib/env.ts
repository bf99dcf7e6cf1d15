// Scenario knobs from k6's -e variables (__ENV), checked with one-line errors that name the
// variable. Runtime-neutral: takes the environment as a plain record.

export type Env = Record<string, string | undefined>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function numberEnv(env: Env, name: string, fallback: number, range: { min: number; max: number; integer?: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    throw new EnvError(`-e ${name}=${raw}: expected ${range.integer ? "a whole number" : "a number"} from ${range.min} to ${range.max}`);
  }
  return n;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** A k6-style duration ("90s", "5m", "1h30m", "500ms") in seconds. */
export function parseDuration(text: string): number {
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g) : null;
  if (!parts) throw new EnvError(`duration ${JSON.stringify(text)}: expected a k6 duration such as 30s, 5m or 1h30m`);
  return parts.reduce((sum, p) => {
    const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(p)!;
    return sum + Number(n) * UNIT_SECONDS[unit!]!;
  }, 0);
}

export function durationEnv(env: Env, name: string, fallback: string): { text: string; seconds: number } {
  const text = env[name] || fallback;
  try {
    return { text, seconds: parseDuration(text) };
  } catch (e) {
    throw new EnvError(`-e ${name}=${text}: ${(e as Error).message}`);
  }
}

/** The profile path: absolute, because k6 resolves open() paths relative to the script, not the shell. */
export function profilePath(env: Env): string {
  const p = env.PROFILE;
  if (!p) throw new EnvError("no target profile: run with -e PROFILE=/absolute/path/profile.json (meshcheck mesh up --profile-out FILE.json writes one)");
  if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p)) throw new EnvError(`-e PROFILE=${p}: give an absolute path (k6 resolves open() relative to the script, not your shell)`);
  return p;
}

/**
 * Names that become k6 tag values inside threshold names (`metric{destination:v2}`) must not
 * contain the selector's own syntax.
 */
export function tagSafe(value: string, what: string): string {
  if (!/^[A-Za-z0-9_.\-/]+$/.test(value)) throw new EnvError(`${what} ${JSON.stringify(value)} cannot be a k6 threshold tag: use letters, digits, _ . - /`);
  return value;
}
