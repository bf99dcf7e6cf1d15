// Reads a target profile file (YAML or JSON) and validates it. JSON is parsed by the YAML
// parser too (YAML 1.2 is a superset), so both get the same line:col syntax errors.

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { ProfileError } from "./profile-error.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import { validateProfile } from "./validate.js";


export async function loadProfile(file: string): Promise<TargetProfile> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot read (${code ?? "unknown error"})`;
    throw new ProfileError(file, "(file)", why, "pass the path of a profile YAML or JSON file");
  }
  return validateProfile(parseText(text, file), file, { baseDir: dirname(path) });
}

function parseText(text: string, file: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = lines.linePos(err.pos[0]);
    const where = `${pos.line}:${pos.col}`;
    const what = err.message.split("\n")[0] ?? err.code;
    throw new ProfileError(file, where, `malformed YAML/JSON: ${what}`, "fix the syntax at that line and column");
  }
  if (doc.contents === null) {
    throw new ProfileError(file, "(root)", "the file is empty", "write a TargetProfile document");
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library refuses to expand an alias bomb (a few lines that would become
    // gigabytes) with a ReferenceError: that is the file's fault, so it is one line, exit 2.
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw new ProfileError(file, "(root)", `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} per alias): refused as a resource exhaustion attempt`, "write the values out instead of nesting aliases");
    }
    throw e;
  }
}

/** How many nodes one alias may expand to (the yaml library's resource-exhaustion guard). */
const MAX_ALIAS_COUNT = 100;
