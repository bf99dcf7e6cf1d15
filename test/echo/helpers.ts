// Shared test helpers: start an echo on loopback port 0 and make plain requests with undici.
import { request } from "undici";
import { startEcho, type EchoOptions, type RunningEcho } from "../../apps/echo/src/server.js";
import type { EchoReply } from "../../spec/echo/protocol.js";

/** The admin token every test echo is started with (postForward sends it). */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

export function startTestEcho(over: Partial<EchoOptions> = {}): Promise<RunningEcho> {
  return startEcho({
    version: "v1",
    service: "workshop-app",
    pod: "workshop-app-v1-abc",
    namespace: "workshop-app",
    port: 0,
    adminPort: 0,
    shutdownGraceMs: 2_000,
    adminToken: TEST_ADMIN_TOKEN,
    ...over,
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export async function get(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const res = await request(`http://127.0.0.1:${port}${path}`, {
    method: (opts.method ?? "GET") as "GET",
    headers: opts.headers ?? {},
    body: opts.body ?? null,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

export function echoOf(answer: Answer): EchoReply {
  return JSON.parse(answer.text) as EchoReply;
}
