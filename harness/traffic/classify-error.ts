// How a failed request is described in an ErrorOutcome. Its ErrorCode comes from
// classifyError (apps/echo/src/forward-errors.ts), which the echo forwarder uses too.

/** A short, single-line description for an ErrorOutcome. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const text = err.message.split("\n")[0] ?? "";
  return typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
}
