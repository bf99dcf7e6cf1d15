// Turns an undici response body into what a ForwardOutcome carries: the echo JSON when the
// answer came from an echo app, else the raw text (capped), e.g. Envoy's `RBAC: access denied`.
import type { Readable } from "node:stream";
import type { EchoReply } from "./protocol.js";

/** Echo replies echo the request headers, so allow them room; anything larger is not one. */
const MAX_READ_BYTES = 1 << 20;
/** Raw bodies are evidence for a person or a check, not payload: a short prefix is enough. */
export const RAW_BODY_CAP = 4096;

export interface ReadBody {
  echo?: EchoReply;
  body?: string;
}

function looksLikeEcho(value: unknown): value is EchoReply {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.service === "string" &&
    typeof v.version === "string" &&
    typeof v.pod === "string" &&
    typeof v.namespace === "string" &&
    typeof v.headers === "object"
  );
}

export async function readResponseBody(body: Readable): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size < MAX_READ_BYTES) chunks.push(chunk);
    size += chunk.length;
  }
  const bytes = Buffer.concat(chunks);
  if (size <= MAX_READ_BYTES) {
    try {
      const parsed: unknown = JSON.parse(bytes.toString("utf8"));
      if (looksLikeEcho(parsed)) return { echo: parsed };
    } catch {
      // not JSON: fall through to the raw body
    }
  }
  if (size === 0) return {};
  return { body: bytes.subarray(0, RAW_BODY_CAP).toString("utf8") };
}
