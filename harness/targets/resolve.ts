// From --target to a target profile: the only way the harness reaches a mesh.

import { UsageError, CannotTestError, MeshcheckError } from "../errors.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import type { Timing } from "../timing.js";

export interface ResolvedTarget {
  profile: TargetProfile;
  source: "local" | "kind" | "file";
  /** Timing this target needs instead of the defaults. */
  timing?: Partial<Timing>;
  /** Stops what resolving started (the local mesh); idempotent. */
  stop(): Promise<void>;
}

/** `manifestsDir` (local only): serve that copy of the mesh definition instead of kind/manifests. */
export async function resolveTarget(target: string, faults: string[], manifestsDir?: string): Promise<ResolvedTarget> {
  if (target === "local") return startLocal(faults, manifestsDir);
  if (target === "kind") return startKindTarget();
  const [{ loadProfile }, { ProfileError }] = await Promise.all([import("../profile/load.js"), import("../profile/profile-error.js")]);
  try {
    const profile = await loadProfile(target);
    return { profile, source: "file", stop: async () => {} };
  } catch (err) {
    if (err instanceof ProfileError) throw new UsageError(err.message);
    throw err;
  }
}

/** The kind cluster `make cluster` built (name from KIND_CLUSTER, as in kind/scripts). */
async function startKindTarget(): Promise<ResolvedTarget> {
  const { startKind } = await import("./kind.js");
  const { DEFAULT_PREFLIGHT_DIR } = await import("../preflight/gate.js");
  const kind = await startKind(DEFAULT_PREFLIGHT_DIR, process.env.KIND_CLUSTER || "meshcheck");
  let stopped = false;
  return {
    profile: kind.profile,
    source: "kind",
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await kind.stop();
    },
  };
}

async function startLocal(faults: string[], manifestsDir?: string): Promise<ResolvedTarget> {
  // The local mesh's public API only (never its internals), loaded on demand so that
  // --target FILE runs do not load it at all.
  const { startLocalMesh } = await import("../../local-mesh/index.js");
  let mesh;
  try {
    mesh = await startLocalMesh({ faults, ...(manifestsDir !== undefined && { manifestsDir }) });
  } catch (err) {
    if (err instanceof MeshcheckError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // Bad manifests and unknown faults are the user's to fix; anything else means we could not start it.
    if (err instanceof Error && (err.name === "ManifestError" || err.name === "FaultError")) throw new UsageError(message);
    throw new CannotTestError(`local mesh: ${message}`);
  }
  let stopped = false;
  return {
    profile: mesh.profile,
    source: "local",
    // The local mesh serves its whole configuration before start resolves: only a restart's
    // endpoint changes propagate later, so waiting 30 s for convergence could only delay a
    // failing verdict.
    timing: { convergenceTimeoutMs: 3_000 },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await mesh.stop();
    },
  };
}
