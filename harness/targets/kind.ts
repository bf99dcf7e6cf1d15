// --target kind: the kind cluster `make cluster` built. Reads the plan from kind/, checks
// through the cluster's own kubeconfig context that every forwarder Deployment has a ready pod
// and every gateway Istio deployed for a Gateway API Gateway has a ready pod (kind-api.ts),
// reads each forwarder's token from the Secret its pods' ADMIN_TOKEN comes from,
// opens a loopback port-forward to each forwarder's admin port (kind-port-forward.ts) and builds
// the profile. Stop closes the port-forwards.
import { UsageError } from "../errors.js";
import { kindPlan, type ForwarderPlan } from "./kind-plan.js";
import { kindProfile } from "./kind-profile.js";
import { DEFAULT_API_TIMEOUT_MS, KindApi, kindKubeConfig } from "./kind-api.js";
import { forwardLocalPort, type LocalForward, type PodTarget } from "./kind-port-forward.js";
import type { TargetProfile } from "../../spec/profile/types.js";

export interface KindTarget {
  profile: TargetProfile;
  stop(): Promise<void>;
}

export interface KindOptions {
  /** Bound on each API call and on opening each port-forward tunnel. */
  timeoutMs?: number;
  /** The host port make cluster mapped the gateway's HTTP port to (default: KIND_HTTP_PORT, else kind/cluster.yaml's). */
  httpHostPort?: string;
  /** The host port of the Gateway API gateway's HTTP port (default: KIND_GWAPI_PORT, else kind/cluster.yaml's). */
  gwapiHostPort?: string;
}

/** The forwarder's pod, looked up once and again only after a tunnel to it failed (a restarted pod has a new name). */
function podTarget(api: KindApi, f: ForwarderPlan, first: string): PodTarget {
  let pod: Promise<string> | undefined = Promise.resolve(first);
  return {
    namespace: f.namespace,
    port: f.adminPort,
    pod: () => (pod ??= api.readyPod(f).catch((err: unknown) => {
      pod = undefined;
      throw err;
    })),
    forgetPod: () => {
      pod = undefined;
    },
  };
}

export async function startKind(kindDir: string, cluster: string, options: KindOptions = {}): Promise<KindTarget> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_API_TIMEOUT_MS;
  const plan = kindPlan(kindDir, cluster, options.httpHostPort ?? process.env.KIND_HTTP_PORT, options.gwapiHostPort ?? process.env.KIND_GWAPI_PORT);
  const kc = kindKubeConfig(plan.context);
  const api = new KindApi(kc, plan.context, timeoutMs);
  for (const f of plan.forwarders) await api.ensureReady(f);
  // The gateways Istio deploys for the Gateway API Gateways: there and ready, as make cluster left them.
  for (const g of plan.gatewayApi) await api.ensureReady(g);
  // Every token before any tunnel: a missing Secret is told before anything is opened.
  const tokens = new Map<string, string>();
  for (const f of plan.forwarders) tokens.set(f.name, await api.adminToken(f));

  const forwards: LocalForward[] = [];
  const stop = async () => {
    await Promise.allSettled(forwards.splice(0).map((f) => f.close()));
  };
  try {
    const reached: Record<string, { url: string; token: string }> = {};
    for (const f of plan.forwarders) {
      const fwd = await forwardLocalPort(kc, podTarget(api, f, await api.readyPod(f)), timeoutMs);
      forwards.push(fwd);
      reached[f.name] = { url: `${fwd.origin}/forward`, token: tokens.get(f.name) ?? "" };
    }
    return { profile: await kindProfile(plan, kindDir, reached), stop };
  } catch (err) {
    await stop();
    // The strict manifest loader's verdict is the user's to fix, as for --target local.
    if (err instanceof Error && err.name === "ManifestError") throw new UsageError(err.message);
    throw err;
  }
}
