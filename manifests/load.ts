// Loads kind/manifests (and the gateway's helm values) into the MeshModel that expectations/ reads
// and the local mesh serves.
// Strict: anything the local mesh cannot honour is a ManifestError naming file:line, resource and
// field; accepted-fields.ts lists what is accepted per kind.
import { fileURLToPath } from "node:url";
import { assembleMesh } from "./assemble.js";
import { loadGatewayValues } from "./gateway-values.js";
import { mapDocument } from "./map-document.js";
import type { MappedResource } from "./map-document.js";
import { ManifestError } from "./types.js";
import type { IngressGateway, MeshModel } from "./types.js";
import { listManifestFiles, readManifestFile } from "./yaml-documents.js";
import { checkAppEnv, type AppEnvCheck } from "./map-workloads.js";

/** The repository's own mesh definition, found from this file rather than the working directory. */
export const DEFAULT_MANIFESTS_DIR = fileURLToPath(new URL("../kind/manifests/", import.meta.url));
export const DEFAULT_GATEWAY_VALUES = fileURLToPath(new URL("../kind/helm/gateway-values.yaml", import.meta.url));

export interface LoadMeshOptions {
  /** Directory of *.yaml manifests (default: kind/manifests). */
  manifestsDir?: string;
  /** istio/gateway chart values (default: kind/helm/gateway-values.yaml). */
  gatewayValues?: string;
  /**
   * The app's reading of a Deployment's env (the echo app's readConfig): a Deployment it would
   * refuse is a load error, as its pod would crash-loop. Absent: the env is not checked.
   */
  appEnv?: AppEnvCheck;
}

export interface MeshCheckResult {
  /** Absent when the gateway values or the directory could not be read; partial when there are errors. */
  model?: MeshModel;
  /** Every problem found, one per resource at most, in file and line order. */
  errors: ManifestError[];
}

/** The mesh the manifests define; throws the first ManifestError (one line, file:line first). */
export function loadMesh(opts: LoadMeshOptions = {}): MeshModel {
  const { model, errors } = checkMesh(opts);
  if (errors[0]) throw errors[0];
  if (!model) throw new Error("checkMesh returned neither a model nor an error");
  return model;
}

/** Like loadMesh, but collects every problem (for preflight and editors) instead of stopping at the first. */
export function checkMesh(opts: LoadMeshOptions = {}): MeshCheckResult {
  const errors: ManifestError[] = [];
  const collect = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (err) {
      if (!(err instanceof ManifestError)) throw err;
      errors.push(err);
      return undefined;
    }
  };

  const ingressGateway = collect(() => loadGatewayValues(opts.gatewayValues ?? DEFAULT_GATEWAY_VALUES));
  const files = collect(() => listManifestFiles(opts.manifestsDir ?? DEFAULT_MANIFESTS_DIR)) ?? [];
  const resources: MappedResource[] = [];
  for (const file of files) {
    for (const doc of collect(() => readManifestFile(file)) ?? []) {
      const mapped = collect(() => {
        const m = mapDocument(doc);
        if (m.kind === "Deployment" && opts.appEnv) checkAppEnv(m.fields, m.value.container, opts.appEnv);
        return m;
      });
      if (mapped) resources.push(mapped);
    }
  }
  const model = ingressGateway && files.length > 0 ? assembleMesh(resources, ingressGateway, (e) => errors.push(e)) : undefined;
  return { ...(model && { model }), errors: errors.sort(byPosition) };
}

function byPosition(a: ManifestError, b: ManifestError): number {
  return a.source.file === b.source.file ? a.source.line - b.source.line : a.source.file < b.source.file ? -1 : 1;
}

export type { IngressGateway };
