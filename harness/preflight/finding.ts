// Building findings at a document path, so every rule reports `file:line` the same way.
import type { Finding, Severity, YamlDoc } from "./types.js";

export function findingAt(severity: Severity, rule: string, doc: YamlDoc, path: (string | number)[], message: string): Finding {
  return { severity, file: doc.file, line: doc.lineOf(path), rule, message };
}

export const errorAt = (rule: string, doc: YamlDoc, path: (string | number)[], message: string) => findingAt("error", rule, doc, path, message);
export const warningAt = (rule: string, doc: YamlDoc, path: (string | number)[], message: string) => findingAt("warning", rule, doc, path, message);
