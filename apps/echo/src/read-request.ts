// Reads a request body up to a limit. Past the limit it keeps draining (without buffering) so
// the client can finish writing and still read our 400; the admin port is loopback-only, so a
// slow huge upload costs nothing but time.
import type { IncomingMessage } from "node:http";

export type RequestBody = { ok: true; text: string } | { ok: false; tooLarge: true };

export async function readRequestBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) return { ok: false, tooLarge: true };
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
