// Turns an undici response body into what a ForwardOutcome carries: the echo JSON when the
// answer came from an echo app, else the raw text (capped), e.g. Envoy's `RBAC: access denied`.
import type { Readable } from "node:stream";
import { MAX_RESPONSE_BODY_BYTES, type EchoReply } from "../../../spec/echo/protocol.js";

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

/** The body went past MAX_RESPONSE_BODY_BYTES; reading stopped there. */
export class ResponseTooLarge extends Error {
  override name = "ResponseTooLarge";
  constructor(readonly partial: ReadBody) {
    super(`body longer than ${MAX_RESPONSE_BODY_BYTES} bytes`);
  }
}

/**
 * Reads at most MAX_RESPONSE_BODY_BYTES (echo replies echo the request headers, so they get
 * room; anything larger is not one). A longer or endless body rejects with ResponseTooLarge
 * carrying the raw prefix; the caller destroys the stream.
 */
export async function readResponseBody(body: Readable): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_RESPONSE_BODY_BYTES) {
      throw new ResponseTooLarge({ body: Buffer.concat(chunks).subarray(0, RAW_BODY_CAP).toString("utf8") });
    }
  }
  const bytes = Buffer.concat(chunks);
  {
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
