// A field's position inside a document (a profile, a manifest) as error messages spell it:
// `canary[0].weights`, `metadata.annotations["sidecar.istio.io/inject"]`. One spelling rule for
// the profile's and the manifests' errors; what counts as a plain key and what names the document
// itself are theirs.

export type FieldPath = readonly (string | number)[];

export interface PathSpelling {
  /** Keys written bare (`a.b`); any other key is quoted (`a["b c"]`). */
  plainKey: RegExp;
  /** What the empty path is called. */
  root: string;
}

export function spellPath(segments: FieldPath, how: PathSpelling): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (how.plainKey.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === "" ? how.root : out;
}
