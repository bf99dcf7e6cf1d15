// Carrying out a profile's RestartAction: POST to the local mesh's control listener, or
// `kubectl rollout restart` and `rollout status` (which returns once the new pods are ready).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { request } from "undici";
import type { RestartAction } from "../profile/types.js";

const run = promisify(execFile);
/** A rollout of one small pod with its image present takes seconds; this bounds a stuck one. */
const ROLLOUT_TIMEOUT_S = 120;

export interface RestartOutcome {
  ok: boolean;
  /** What happened, one line (the local mesh's pod names, or kubectl's last line). */
  detail: string;
}

export function describeRestart(a: RestartAction): string {
  return a.kind === "local" ? `POST ${a.url}` : `kubectl${a.context ? ` --context ${a.context}` : ""} -n ${a.namespace} rollout restart deployment/${a.deployment}`;
}

export async function performRestart(a: RestartAction, signal: AbortSignal): Promise<RestartOutcome> {
  try {
    if (a.kind === "local") {
      const res = await request(a.url, { method: "POST", signal });
      const text = await res.body.text();
      if (res.statusCode !== 200) return { ok: false, detail: `control answered ${res.statusCode}: ${text.slice(0, 200)}` };
      const r = JSON.parse(text) as { podBefore?: string; podAfter?: string; graceful?: boolean; drainedMs?: number };
      return { ok: true, detail: `${r.podBefore} → ${r.podAfter}${r.graceful === false ? " (not graceful)" : `, drained in ${r.drainedMs} ms`}` };
    }
    const base = [...(a.context ? ["--context", a.context] : []), "-n", a.namespace];
    await run("kubectl", [...base, "rollout", "restart", `deployment/${a.deployment}`], { signal });
    const { stdout } = await run("kubectl", [...base, "rollout", "status", `deployment/${a.deployment}`, `--timeout=${ROLLOUT_TIMEOUT_S}s`], { signal });
    return { ok: true, detail: stdout.trim().split("\n").pop() ?? "rolled out" };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "ENOENT") return { ok: false, detail: "kubectl not found on PATH" };
    return { ok: false, detail: (e.message ?? String(err)).split("\n")[0] ?? "restart failed" };
  }
}
