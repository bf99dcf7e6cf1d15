// The Deployments of the stand-in API server (fake-kube-api.ts): GET answers with the status a
// Deployment controller would report, and a PATCH of the pod template starts a simulated
// rollout. Each read after it shows the next stage — 1: the new generation not observed yet,
// 2: one replica updated (a surge pod added), 3: all updated but an old one still terminating,
// 4 and on: all updated, one not available yet — until `rolloutReads` reads have passed and the
// rollout is complete. So each condition of "rolled out" holds back at least one read. Only what
// the restart action needs: merge-style patches of the pod template's annotations.

export interface FakeDeployment {
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  /** metadata.generation, bumped by a PATCH that changes the pod template (1 if unset). */
  generation?: number;
  /** The pod template's annotations, as patched. */
  templateAnnotations?: Record<string, string>;
  /** Reads after a template change before the status shows the rollout complete (4 if unset; Infinity: never). */
  rolloutReads?: number;
  /** The stage (1-4) the first read after a template change shows; later reads go on from it (1 if unset). A test that must not depend on how many reads fit in its time sets it. */
  startStage?: number;
  /** The controller reports ProgressDeadlineExceeded while the rollout is unfinished. */
  progressDeadlineExceeded?: boolean;
  /** Reads of the current rollout so far (the fake's own bookkeeping). */
  readsSincePatch?: number;
}

/** A PATCH as it arrived. */
export interface FakePatch {
  path: string;
  contentType: string;
  body: unknown;
}

/** The patch types a real API server takes for a Deployment (apply patches aside). */
export const PATCH_TYPES = ["application/strategic-merge-patch+json", "application/merge-patch+json", "application/json-patch+json"];

export function deploymentJson(d: FakeDeployment): unknown {
  const generation = d.generation ?? 1;
  const patched = d.readsSincePatch !== undefined;
  const reads = patched ? ++d.readsSincePatch! : 0;
  const done = !patched || reads > (d.rolloutReads ?? 4);
  const n = d.replicas;
  const ready = d.readyReplicas;
  // Before the first patch: settled, as the kind tests' Deployments always were.
  const status = done
    ? { observedGeneration: generation, replicas: n, updatedReplicas: n, availableReplicas: ready, readyReplicas: ready }
    : [
        { observedGeneration: generation - 1, replicas: n, updatedReplicas: n, availableReplicas: ready, readyReplicas: ready },
        { observedGeneration: generation, replicas: n + 1, updatedReplicas: 1, availableReplicas: ready, readyReplicas: ready },
        { observedGeneration: generation, replicas: n + 1, updatedReplicas: n, availableReplicas: ready, readyReplicas: ready },
        { observedGeneration: generation, replicas: n, updatedReplicas: n, availableReplicas: ready - 1, readyReplicas: ready - 1 },
      ][Math.min(reads + (d.startStage ?? 1) - 1, 4) - 1]!;
  const conditions = !done && d.progressDeadlineExceeded ? [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] : [];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: d.name, namespace: d.namespace, generation },
    spec: { replicas: d.replicas, template: { metadata: { annotations: d.templateAnnotations ?? {} } } },
    // Zero counts are omitted, as the API server does.
    status: { ...Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0)), ...(conditions.length > 0 && { conditions }) },
  };
}

/** Applies a merge-style patch of the pod template's annotations; a JSON Patch (an array) is refused as the server would refuse this body. */
export function patchDeployment(d: FakeDeployment, body: unknown): { code: number; message?: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { code: 422, message: "fake API server: expected a merge-style patch object" };
  const annotations = (body as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template?.metadata?.annotations;
  if (annotations === undefined) return { code: 200 };
  const before = JSON.stringify(d.templateAnnotations ?? {});
  d.templateAnnotations = { ...d.templateAnnotations, ...annotations };
  if (JSON.stringify(d.templateAnnotations) !== before) {
    d.generation = (d.generation ?? 1) + 1;
    d.readsSincePatch = 0;
  }
  return { code: 200 };
}
