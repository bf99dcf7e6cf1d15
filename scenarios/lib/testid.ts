// The run identifier every sample carries as the `testid` tag, so two runs sent to one
// Prometheus can be told apart. Runtime-neutral: the clock and randomness are passed in.
import { EnvError, type Env } from "./env.ts";

/** -e TESTID as given (checked: it ends up in label values and file properties), or a new one. */
export function testidFrom(env: Env, now: Date, random: () => number): string {
  const given = env.TESTID;
  if (given !== undefined && given !== "") {
    if (!/^[A-Za-z0-9_.\-:]{1,128}$/.test(given)) throw new EnvError(`-e TESTID=${given}: use 1 to 128 letters, digits, _ . - :`);
    return given;
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const suffix = Math.floor(random() * 36 ** 4).toString(36).padStart(4, "0");
  return `mc-${stamp}-${suffix}`;
}
