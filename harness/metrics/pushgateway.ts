// Pushing a run's metrics to a Prometheus Pushgateway: PUT replaces the whole group, so a check
// that no longer runs disappears instead of lingering with last week's status. The group is
// job="meshcheck" plus target=<profile name>, one group per mesh under test.

import { request } from "undici";
import { classifyError } from "../../apps/echo/src/forward-errors.js";

export const PUSH_JOB = "meshcheck";
const PUSH_TIMEOUT_MS = 10_000;

/** The group URL: {base}/metrics/job/meshcheck/target/<name>, keeping any path prefix of base. */
export function pushGroupUrl(base: URL, target: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/metrics/job/${PUSH_JOB}/${groupingSegment("target", target)}`;
  url.search = "";
  url.hash = "";
  return url;
}

// Pushgateway's rule: a label value that is empty or contains "/" travels as base64url.
function groupingSegment(label: string, value: string): string {
  if (value === "") return `${label}@base64/=`;
  if (value.includes("/")) return `${label}@base64/${Buffer.from(value).toString("base64url")}`;
  return `${label}/${encodeURIComponent(value)}`;
}

export type PushResult = { ok: true; url: URL } | { ok: false; url: URL; reason: string };

/** Never throws: a failed push is a result the caller reports, not a crash. */
export async function pushMetrics(base: URL, target: string, body: { text: string; contentType: string }): Promise<PushResult> {
  const url = pushGroupUrl(base, target);
  try {
    const res = await request(url, {
      method: "PUT",
      headers: { "content-type": body.contentType },
      body: body.text,
      headersTimeout: PUSH_TIMEOUT_MS,
      bodyTimeout: PUSH_TIMEOUT_MS,
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    const text = await res.body.text();
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, url };
    const line = text.trim().split("\n")[0] ?? "";
    return { ok: false, url, reason: `HTTP ${res.statusCode}${line ? `: ${line.slice(0, 200)}` : ""}` };
  } catch (err) {
    const code = classifyError(err);
    return { ok: false, url, reason: code === "OTHER" ? (err instanceof Error ? err.message.split("\n")[0]! : String(err)) : code };
  }
}
