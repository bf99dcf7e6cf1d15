// --target kind: the kind cluster `make cluster` built. Reads the plan from kind/, checks the
// cluster is reachable through its own kubeconfig context (never whatever context happens to
// be current: a conformance run must not wander into another cluster), port-forwards to the
// forwarders' admin ports (kubectl, see kind-kubectl.ts) and builds the profile. Stop closes
// the port-forwards.
import { CannotTestError, UsageError } from "../errors.js";
import { kindPlan, type KindPlan } from "./kind-plan.js";
import { kindProfile } from "./kind-profile.js";
import { KubectlError, kubectl, portForward, type PortForward } from "./kind-kubectl.js";
import type { TargetProfile } from "../profile/types.js";

export interface KindTarget {
  profile: TargetProfile;
  stop(): Promise<void>;
}

async function checkContext(plan: KindPlan): Promise<void> {
  const contexts = (await kubectl(["config", "get-contexts", "-o", "name"], "--target kind: reading the kubeconfig")).split("\n").map((l) => l.trim());
  if (!contexts.includes(plan.context)) {
    throw new CannotTestError(`--target kind: no kubeconfig context ${plan.context}; run make cluster (or set KIND_CLUSTER to your kind cluster's name)`);
  }
}

async function checkWorkloads(plan: KindPlan): Promise<void> {
  for (const f of plan.forwarders) {
    let ready: string;
    try {
      ready = await kubectl(["--context", plan.context, "--request-timeout=10s", "-n", f.namespace, "get", "deployment", f.deployment, "-o", "jsonpath={.status.readyReplicas}"], `--target kind: cannot reach cluster ${plan.context}`);
    } catch (err) {
      if (err instanceof KubectlError && /NotFound|not found/.test(err.stderr)) {
        throw new CannotTestError(`--target kind: Deployment ${f.namespace}/${f.deployment} is not in cluster ${plan.context}; run make cluster`);
      }
      throw err;
    }
    if (!(Number(ready) >= 1)) {
      throw new CannotTestError(`--target kind: Deployment ${f.namespace}/${f.deployment} has no ready pod; see kubectl --context ${plan.context} -n ${f.namespace} get pods`);
    }
  }
}

export async function startKind(kindDir: string, cluster: string): Promise<KindTarget> {
  const plan = kindPlan(kindDir, cluster);
  await checkContext(plan);
  await checkWorkloads(plan);

  const forwards: PortForward[] = [];
  const stop = async () => {
    await Promise.allSettled(forwards.splice(0).map((f) => f.close()));
  };
  try {
    const urls: Record<string, string> = {};
    for (const f of plan.forwarders) {
      const fwd = await portForward(plan.context, f.namespace, f.deployment, f.adminPort);
      forwards.push(fwd);
      urls[f.name] = `${fwd.origin}/forward`;
    }
    return { profile: await kindProfile(plan, kindDir, urls), stop };
  } catch (err) {
    await stop();
    // The strict manifest loader's verdict is the user's to fix, as for --target local.
    if (err instanceof Error && err.name === "ManifestError") throw new UsageError(err.message);
    throw err;
  }
}
