// Lenient YAML reading for preflight: every document of a file with its line numbers, and a
// syntax error as a finding instead of an exception, so one bad file does not hide the rest.
import { isMap, isNode, isScalar, isSeq, type Document } from "yaml";
import { parseYaml } from "../../manifests/yaml-documents.js";
import type { Finding, YamlDoc } from "./types.js";

export interface ReadYaml {
  docs: YamlDoc[];
  findings: Finding[];
}

export function readYamlText(text: string, file: string, lineOffset = 0): ReadYaml {
  // The parse the local mesh reads too (kind/ is parsed once per run).
  const { docs: parsed, lines: lineCounter } = parseYaml(text);
  const docs: YamlDoc[] = [];
  const findings: Finding[] = [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  for (const doc of parsed) {
    const [error] = doc.errors;
    if (error) {
      findings.push({ severity: "error", file, line: lineAt(error.pos[0]), rule: "yaml-syntax", message: firstLine(error.message) });
      continue;
    }
    if (doc.contents === null) continue; // an empty document between `---` separators
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const start = doc.contents.range?.[0] ?? 0;
    docs.push({ file, line: lineAt(start), value, lineOf: (path) => lineAt(offsetOf(doc, path, start)) });
  }
  return { docs, findings };
}

/**
 * Offset of the deepest node along `path` that exists. A mapping key's line is its key's
 * (`route:`), not its value's first item, which is where a reader looks for it.
 */
function offsetOf(doc: Document, path: (string | number)[], fallback: number): number {
  let node: unknown = doc.contents;
  let offset = fallback;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof step === "number") {
      const item: unknown = node.items[step];
      if (!isNode(item)) break;
      if (item.range) offset = item.range[0];
      node = item;
    } else break;
  }
  return offset;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
