// Maps a failed request to an ErrorCode from stable codes only: undici's UND_ERR_* and Node's
// errno / TLS codes, looked for on the error, its `cause` chain and AggregateError members.
// Never from message text, which changes between versions.

// The classification itself lives with the echo forwarder, which reports the same codes.
export { classifyError } from "../../apps/echo/src/forward-errors.js";

/** A short, single-line description for an ErrorOutcome. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const text = err.message.split("\n")[0] ?? "";
  return typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
}
