// Colour for human output. When colour is on (colorWanted, below) every status keeps its own
// colour; a count of zero is never coloured, so "0 failed" does not read as an alarm.
import type { CheckStatus } from "../status.js";

export interface Style {
  status(s: CheckStatus | "skipped", text?: string): string;
  /** A count's text, coloured as `s` only when the count is not zero. */
  count(s: CheckStatus | "skipped", n: number, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const codes = { pass: 32, fail: 31, error: 35, inconclusive: 33, skipped: 90 } as const;

export function makeStyle(color: boolean): Style {
  const wrap = (code: number, t: string) => (color ? `\x1b[${code}m${t}\x1b[0m` : t);
  return {
    status: (s, text = s.toUpperCase()) => wrap(codes[s], text),
    count: (s, n, text) => (n === 0 ? text : wrap(codes[s], text)),
    dim: (t) => wrap(2, t),
    bold: (t) => wrap(1, t),
  };
}

/**
 * Whether to colour what goes to `stream`, in this order:
 * 1. FORCE_COLOR set and not empty: "0" or "false" turns colour off, any other value on, even
 *    in a pipe (as Node's own tty.hasColors and the supports-color package read it; it wins
 *    over NO_COLOR there too, so one variable forces CI logs either way);
 * 2. NO_COLOR set and not empty (whatever its value) turns colour off (no-color.org); an empty
 *    NO_COLOR counts as unset;
 * 3. otherwise colour on a terminal, unless TERM is "dumb".
 */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}
