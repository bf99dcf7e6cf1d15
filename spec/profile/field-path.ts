// Where in a profile something is wrong, as a person reads it: `canary[0].weights`,
// `vantages["cert-holder"].url`, `(root)` for the document itself. The harness and k6 both
// name a bad field this way.

export type FieldPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `["canary", 0, "weights"]` → `canary[0].weights`; odd keys are quoted: `vantages["cert-holder"]`. */
export function formatPath(segments: FieldPath): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** What is wrong with a profile, where, and how to fix it: one line once formatted. */
export interface ProfileProblem {
  path: FieldPath;
  problem: string;
  fix: string;
}

/**
 * `<source>: <where>: <what is wrong> (<how to fix>)`, the one line a bad profile produces;
 * `where` is a formatted field path, or e.g. a line:col for a syntax error.
 */
export function problemLine(source: string, where: string, problem: string, fix: string): string {
  return `${source}: ${where}: ${problem} (${fix})`;
}
