// One manifest document → one mapped resource: identify its kind and apiVersion, check its
// fields against what the local mesh accepts, then map it.
import { ResourceFields, isRecord } from "./fields.js";
import { KINDS, KIND_NAMES, kindKeyOf } from "./kinds.js";
import type { KindName, MappedOf } from "./kinds.js";
import { readObjectName, resourceName } from "./metadata.js";
import type { ObjectName } from "./metadata.js";
import { checkShape } from "./shape.js";
import type { ManifestDocument } from "./yaml-documents.js";

export type MappedResource = {
  [K in KindName]: { kind: K; fields: ResourceFields; id: ObjectName; value: MappedOf<K> };
}[KindName];

export function mapDocument(doc: ManifestDocument): MappedResource {
  const anonymous: ResourceFields = new ResourceFields(doc, "document");
  if (!isRecord(doc.value)) anonymous.fail([], "a manifest must be a mapping with apiVersion and kind");
  const kind = anonymous.string(["kind"]);
  const apiVersion = anonymous.string(["apiVersion"]);
  const key = kindKeyOf(kind, apiVersion);
  if (key === undefined) {
    const named: ResourceFields = new ResourceFields(doc, resourceName(kind, looseName(doc.value)));
    named.fail(["kind"], `${kind} is not supported by the local mesh (supported: ${KIND_NAMES.join(", ")})`);
  }
  return mapKnown(doc, key, apiVersion);
}

function mapKnown<K extends KindName>(doc: ManifestDocument, kind: K, apiVersion: string): MappedResource {
  const spec = KINDS[kind];
  const unnamed: ResourceFields = new ResourceFields(doc, spec.kind);
  const id = readObjectName(unnamed, spec.namespaced, spec.labelName);
  const fields: ResourceFields = new ResourceFields(doc, resourceName(spec.kind, id));
  if (!spec.apiVersions.includes(apiVersion)) {
    fields.fail(["apiVersion"], `${apiVersion} is not supported for ${spec.kind} (use ${spec.apiVersions[0]})`);
  }
  checkShape(fields, spec.shape);
  const value = spec.map(fields, id, doc.source) as MappedOf<K>;
  return { kind, fields, id, value } as MappedResource;
}

/** Best-effort name of a resource that will not be mapped, so its error still says which one. */
function looseName(value: Record<string, unknown>): ObjectName {
  const meta = isRecord(value.metadata) ? value.metadata : {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return { name: text(meta.name) || "(unnamed)", namespace: text(meta.namespace) };
}
