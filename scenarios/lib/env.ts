// Scenario knobs from k6's -e variables (__ENV), checked with one-line errors that name the
// variable. Defaults and ranges are the knob table's (spec/knobs.ts), the one the harness's CLI
// reads. Runtime-neutral: takes the environment as a plain record.
import { boundsText, inRange, rangeText, type Knob } from "../../spec/knobs.ts";

export type Env = Record<string, string | undefined>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** A row the scenarios read: it names its -e variable. */
export type EnvKnob = Knob & { env: { name: string } };

/** The variable's value, else the row's default (or `fallback`, for a row whose default is computed). */
export function knobEnv(env: Env, knob: EnvKnob, fallback?: number): number {
  const name = knob.env.name;
  const raw = env[name];
  const dflt = fallback ?? knob.default;
  if (raw === undefined || raw === "") {
    if (dflt === undefined) throw new EnvError(`-e ${name}: no default to fall back on; give ${rangeText(knob)}`);
    return dflt;
  }
  const n = Number(raw);
  if (raw.trim() === "" || !inRange(knob, n)) throw new EnvError(`-e ${name}=${raw}: expected ${rangeText(knob)}`);
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

/** Seconds as a k6 duration: 60 → "1m", 40 → "40s". */
export function durationText(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A k6 duration; the row's default and range are in seconds. */
export function durationEnv(env: Env, knob: EnvKnob & { default: number }): { text: string; seconds: number } {
  const name = knob.env.name;
  const text = env[name] || durationText(knob.default);
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (e) {
    throw new EnvError(`-e ${name}=${text}: ${(e as Error).message}`);
  }
  if (!inRange(knob, seconds)) throw new EnvError(`-e ${name}=${text}: expected a duration ${boundsText(knob)} seconds`);
  return { text, seconds };
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
