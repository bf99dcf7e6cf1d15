import type { CheckStatus } from "../status.js";
// Colour for human output: only on a TTY, never when NO_COLOR is set (no-color.org).

export interface Style {
  status(s: CheckStatus | "skipped", text?: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const codes = { pass: 32, fail: 31, error: 35, inconclusive: 33, skipped: 90 } as const;

export function makeStyle(color: boolean): Style {
  const wrap = (code: number, t: string) => (color ? `\x1b[${code}m${t}\x1b[0m` : t);
  return {
    status: (s, text = s.toUpperCase()) => wrap(codes[s], text),
    dim: (t) => wrap(2, t),
    bold: (t) => wrap(1, t),
  };
}

export function colorWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined;
}
