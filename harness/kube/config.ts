// What every way into a cluster through @kubernetes/client-node shares: reading the kubeconfig
// as kubectl does (optionally pinned to one context), bounding a call with an AbortSignal, and
// boiling client-node's multi-line errors down to one line. Callers add their own remedy.
import * as k8s from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

export function firstLine(s: string): string {
  return s.trim().split("\n")[0] ?? "";
}

/** Why the kubeconfig cannot be used; `message` is one line without a remedy. */
export class KubeConfigError extends Error {
  constructor(
    message: string,
    readonly reason: "unreadable" | "no-context" | "no-cluster",
  ) {
    super(message);
    this.name = "KubeConfigError";
  }
}

/**
 * The kubeconfig (KUBECONFIG or ~/.kube/config, as kubectl reads it), switched to `context`
 * when given; without one, its current context, as kubectl without --context.
 */
export function loadKubeConfig(context?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  // client-node reads an empty file (kind and kubectl leave one behind) as YAML's null and
  // then fails on "reading 'clusters'"; kubectl reads it as a config with no contexts.
  const empty = emptyKubeconfig();
  if (empty !== undefined) {
    throw new KubeConfigError(`the kubeconfig ${empty} is empty: ${context !== undefined ? `no kubeconfig context ${context}` : "it has no current context"}`, "no-context");
  }
  try {
    kc.loadFromDefault();
  } catch (err) {
    const where = process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG}` : "~/.kube/config";
    throw new KubeConfigError(`cannot read the kubeconfig (${where}): ${firstLine(err instanceof Error ? err.message : String(err))}`, "unreadable");
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) throw new KubeConfigError(`no kubeconfig context ${context}`, "no-context");
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeConfigError(`kubeconfig context ${kc.getCurrentContext() || "(none)"} names no cluster`, "no-cluster");
  }
  return kc;
}

/** The first kubeconfig file kubectl would read that exists and holds no YAML document. */
function emptyKubeconfig(): string | undefined {
  const files = process.env.KUBECONFIG ? process.env.KUBECONFIG.split(delimiter).filter((f) => f !== "") : [join(homedir(), ".kube", "config")];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // missing or unreadable: client-node's own error says which
    }
    try {
      if (parse(text) == null) return file;
    } catch {
      // not YAML: client-node's own error says where
    }
  }
  return undefined;
}

/**
 * Per-call options that abort the request (body included) with `signal`; a middleware is
 * client-node's hook for per-request settings.
 */
export function signalOptions(signal: AbortSignal): k8s.ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx) => {
          ctx.setSignal(signal);
          return new k8s.Observable(Promise.resolve(ctx));
        },
        post: (ctx) => new k8s.Observable(Promise.resolve(ctx)),
      },
    ],
    middlewareMergeStrategy: "append",
  };
}

/** client-node's ApiException carries the server's Status as a string or an object. */
export function statusMessage(body: unknown): string {
  let status = body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body);
    } catch {
      return firstLine(body);
    }
  }
  const message = (status as { message?: unknown } | null)?.message;
  return typeof message === "string" ? firstLine(message) : "";
}

/** A failed call in one line's parts: the HTTP status and the server's message, or the socket's error. */
export function apiFailure(err: unknown): { httpCode: number; message: string } | { httpCode?: undefined; reason: string } {
  if (err instanceof k8s.ApiException) {
    const e = err as k8s.ApiException<unknown>;
    return { httpCode: e.code, message: statusMessage(e.body) };
  }
  // node-fetch's FetchError names the socket error in `code` (ECONNREFUSED, a TLS verdict, ...).
  const code = (err as { code?: unknown } | null)?.code;
  return { reason: typeof code === "string" ? code : firstLine(err instanceof Error ? err.message : String(err)) };
}
