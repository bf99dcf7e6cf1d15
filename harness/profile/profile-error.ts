// The one error a bad profile produces. Its message is a single line the user can act on:
//   <file>: <path like canary[0].weights>: <what is wrong> (<how to fix>)
// It is a UsageError so the CLI exits 2 (configuration error) without a stack trace.

import { UsageError } from "../errors.js";
import { formatPath, problemLine, type ProfileProblem } from "../../spec/profile/field-path.js";

export class ProfileError extends UsageError {
  constructor(
    readonly source: string,
    /** Where in the profile, e.g. `canary[0].weights`; `(root)` for the document itself. */
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(problemLine(source, path, problem, fix));
  }

  /** From a problem the shared checks in spec/profile found. */
  static of(source: string, p: ProfileProblem): ProfileError {
    return new ProfileError(source, formatPath(p.path), p.problem, p.fix);
  }
}

/** Ajv's JSON Pointer (`/canary/0/weights`) → path segments; numbers only for array indexes. */
export function pointerToSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const seg = Array.isArray(node) ? Number(key) : key;
    out.push(seg);
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return out;
}
