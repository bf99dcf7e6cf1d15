// The kind driver's way into the cluster: @kubernetes/client-node, pinned to the kind context
// (never whatever context is current: a conformance run must not wander into another cluster).
// Every call is bounded by a timeout, and every failure becomes one CannotTestError line that
// says what to do; client-node's own errors are multi-line and name no remedy.
import * as k8s from "@kubernetes/client-node";
import { tokenProblem } from "../../spec/echo/admin-token.js";
import { CannotTestError } from "../errors.js";
import { KubeConfigError, apiFailure, loadKubeConfig, signalOptions } from "../kube/config.js";
import type { ForwarderPlan } from "./kind-plan.js";

/** As kubectl's --request-timeout in `make cluster`: long enough for a busy kind node. */
export const DEFAULT_API_TIMEOUT_MS = 10_000;

/** What to do about each way the kubeconfig can fail the kind context. */
const REMEDY: Record<KubeConfigError["reason"], string> = {
  unreadable: "",
  "no-context": "; run make cluster (or set KIND_CLUSTER to your kind cluster's name)",
  "no-cluster": "; run make cluster to rewrite it",
};

/** The kubeconfig (KUBECONFIG or ~/.kube/config, as kubectl reads it), switched to `context`. */
export function kindKubeConfig(context: string): k8s.KubeConfig {
  try {
    return loadKubeConfig(context);
  } catch (err) {
    if (err instanceof KubeConfigError) throw new CannotTestError(`--target kind: ${err.message}${REMEDY[err.reason]}`);
    throw err;
  }
}

/** Reads the cluster the kind context points at; see the module comment. */
export class KindApi {
  private readonly apps: k8s.AppsV1Api;
  private readonly core: k8s.CoreV1Api;
  private readonly server: string;

  constructor(
    kc: k8s.KubeConfig,
    private readonly context: string,
    private readonly timeoutMs = DEFAULT_API_TIMEOUT_MS,
  ) {
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.server = kc.getCurrentCluster()?.server ?? "?";
  }

  /** A Deployment (a forwarder's, a deployed gateway's) exists and has a ready replica, or the user learns which does not. */
  async ensureReady(f: Pick<ForwarderPlan, "namespace" | "deployment">): Promise<void> {
    const what = `Deployment ${f.namespace}/${f.deployment}`;
    const d = await this.call(what, (options) => this.apps.readNamespacedDeployment({ namespace: f.namespace, name: f.deployment }, options));
    const ready = d.status?.readyReplicas ?? 0;
    if (ready < 1) {
      throw new CannotTestError(`--target kind: ${what} has no ready pod (0 of ${d.spec?.replicas ?? "?"} ready); see kubectl --context ${this.context} -n ${f.namespace} get pods`);
    }
  }

  /** A ready, running pod of the forwarder's Deployment (kubectl port-forward deployment/X picks one the same way). */
  async readyPod(f: ForwarderPlan): Promise<string> {
    const labelSelector = Object.entries(f.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const what = `pods of Deployment ${f.namespace}/${f.deployment}`;
    const list = await this.call(what, (options) => this.core.listNamespacedPod({ namespace: f.namespace, labelSelector }, options));
    const pod = list.items.find(
      (p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    );
    if (!pod?.metadata?.name) {
      throw new CannotTestError(`--target kind: no ready pod of Deployment ${f.namespace}/${f.deployment} (selector ${labelSelector}); see kubectl --context ${this.context} -n ${f.namespace} get pods`);
    }
    return pod.metadata.name;
  }

  /** The forwarder's token, from the Secret its pods' ADMIN_TOKEN comes from (make cluster creates it). */
  async adminToken(f: ForwarderPlan): Promise<string> {
    const { name, key } = f.tokenSecret;
    const what = `Secret ${f.namespace}/${name}`;
    const secret = await this.call(what, (options) => this.core.readNamespacedSecret({ namespace: f.namespace, name }, options));
    const encoded = secret.data?.[key];
    const token = encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
    const problem = token === undefined ? `has no key "${key}"` : tokenProblem(token) && `key "${key}" is not a usable token: it ${tokenProblem(token)}`;
    if (problem) throw new CannotTestError(`--target kind: ${what} ${problem}; run make cluster to create it`);
    return token as string;
  }

  /** One API call, aborted after timeoutMs, its failure translated to one line. */
  private async call<T>(what: string, request: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    const options = signalOptions(abort.signal);
    try {
      return await request(options);
    } catch (err) {
      throw this.failure(what, err, abort.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(what: string, err: unknown, timedOut: boolean): CannotTestError {
    const cluster = `cluster ${this.context} (${this.server})`;
    if (timedOut) {
      return new CannotTestError(`--target kind: ${cluster} did not answer within ${this.timeoutMs / 1000}s reading ${what}; is it running? (make cluster)`);
    }
    const f = apiFailure(err);
    if (f.httpCode !== undefined) {
      const { httpCode: code, message: detail } = f;
      if (code === 404) return new CannotTestError(`--target kind: ${what.replace(/^pods of /, "")} is not in cluster ${this.context}; run make cluster`);
      if (code === 401 || code === 403) {
        return new CannotTestError(`--target kind: ${cluster} refused to let the kubeconfig user of ${this.context} read ${what} (HTTP ${code}${detail ? `: ${detail}` : ""}); run make cluster to refresh its credentials`);
      }
      return new CannotTestError(`--target kind: reading ${what} from ${cluster} failed: HTTP ${code}${detail ? `: ${detail}` : ""}`);
    }
    const { reason } = f;
    return new CannotTestError(`--target kind: cannot reach ${cluster}: ${reason}; is it running? (make cluster)`);
  }
}
